import { lstat, mkdtemp, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadRepo, HubError, snapshotDir, type DownloadProgress } from '../../electron/core/hub';
import { incompletePath, repoFolder } from '../../electron/core/hub/cache';
import { FakeHub, makeTinyRepo, sha256, type FakeRepo } from './fake-hub';

let hub: FakeHub;
let repo: FakeRepo;
let cacheDir: string;

const fileData = (name: string) => repo.files.find((f) => f.name === name)!.data;
const bigFile = () => fileData('model.safetensors');
const partialOfBig = () => incompletePath(cacheDir, repo.id, sha256(bigFile()));
const FILES = ['model.safetensors', 'config.json', 'preprocessor_config.json'];

beforeEach(async () => {
  repo = makeTinyRepo();
  hub = await new FakeHub([repo]).start();
  cacheDir = await mkdtemp(join(tmpdir(), 'hub-cache-'));
});

afterEach(async () => {
  await hub.close();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('downloadRepo', () => {
  it('downloads a checkpoint into a hub-layout snapshot, following the CDN redirect', async () => {
    const events: DownloadProgress[] = [];
    const out = await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir, onProgress: (p) => events.push(p), progressIntervalMs: 0 });

    expect(out.sha).toBe(repo.sha);
    expect(out.dir).toBe(snapshotDir(cacheDir, repo.id, repo.sha));
    expect(out.dir).toBe(join(cacheDir, 'models--acme--tiny-vit', 'snapshots', repo.sha));
    expect(out.files).toEqual(FILES);
    expect(out.offline).toBe(false);
    for (const f of FILES) expect(Buffer.compare(await readFile(join(out.dir, f)), fileData(f))).toBe(0);
    // README.md was not asked for.
    await expect(stat(join(out.dir, 'README.md'))).rejects.toThrow();

    // Snapshot entries are symlinks into blobs named by sha256 (LFS); refs/main records the commit.
    const link = join(out.dir, 'model.safetensors');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(join('..', '..', 'blobs', sha256(bigFile())));
    expect(await readFile(join(repoFolder(cacheDir, repo.id), 'refs', 'main'), 'utf8')).toBe(repo.sha);

    expect(hub.requests.some((r) => r.path.startsWith('/cdn/'))).toBe(true);

    const total = FILES.reduce((a, f) => a + fileData(f).length, 0);
    const last = events[events.length - 1];
    expect(last).toMatchObject({ bytes: total, total, filesDone: 3, filesTotal: 3, fileDone: true });
    const bytes = events.map((e) => e.bytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(events.filter((e) => e.fileDone).map((e) => e.file)).toEqual(FILES);
    const bigEvents = events.filter((e) => e.file === 'model.safetensors' && !e.fileDone);
    expect(bigEvents.every((e) => e.fileTotal === bigFile().length)).toBe(true);
    expect(events.every((e) => Number.isFinite(e.bytesPerSecond) && e.bytesPerSecond >= 0)).toBe(true);
  });

  it('shows the bytes that came just before a stall: the throttled progress has a trailing update', async () => {
    // The weights stop after their first 64 KiB until released; those bytes arrive well inside the
    // 1 s throttle window after the first report, so only a trailing update can show them.
    let release!: () => void;
    hub.holdAfterFirstChunk = new Promise<void>((resolve) => (release = resolve));
    let seen!: (p: DownloadProgress) => void;
    const midway = new Promise<DownloadProgress>((resolve) => (seen = resolve));
    const done = downloadRepo({
      endpoint: hub.url,
      repo: repo.id,
      files: FILES,
      cacheDir,
      progressIntervalMs: 1000,
      onProgress: (p) => {
        if (p.file === 'model.safetensors' && !p.fileDone && p.fileBytes > 0) seen(p);
      },
    });
    try {
      const p = await midway;
      expect(p.fileBytes).toBeGreaterThan(0);
      expect(p.fileBytes).toBeLessThanOrEqual(65536);
    } finally {
      release();
    }
    expect((await done).files).toEqual(FILES);
  });

  it('uses the cache the second time: only the file list is fetched', async () => {
    await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir });
    hub.requests.length = 0;
    const out = await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir });
    expect(hub.requests.map((r) => r.path)).toEqual([`/api/models/${repo.id}/revision/main`]);
    expect(Buffer.compare(await readFile(join(out.dir, 'model.safetensors')), bigFile())).toBe(0);
  });

  it('falls back to the cached snapshot when the hub is unreachable', async () => {
    await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir });
    const deadUrl = hub.url;
    await hub.close();
    const out = await downloadRepo({ endpoint: deadUrl, repo: repo.id, files: FILES, cacheDir });
    expect(out).toMatchObject({ sha: repo.sha, offline: true, files: FILES });
    hub = await new FakeHub([repo]).start(); // for afterEach
  });

  it('resumes with Range after the connection drops mid-file (automatic retry)', async () => {
    const cut = 700_000;
    hub.dropAfter.set('model.safetensors', cut);
    const out = await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir });
    expect(hub.rangeRequests('model.safetensors').map((r) => r.range)).toEqual([`bytes=${cut}-`]);
    expect(Buffer.compare(await readFile(join(out.dir, 'model.safetensors')), bigFile())).toBe(0);
    await expect(stat(partialOfBig())).rejects.toThrow();
  });

  it('keeps the partial file after a dropped connection and resumes it on the next call', async () => {
    const cut = 500_000;
    hub.dropAfter.set('model.safetensors', cut);
    const err = await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir, retries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).reason).toBe('network');
    expect((err as HubError).message).toContain('model.safetensors');
    expect((err as HubError).message).toContain(repo.id);
    expect((await stat(partialOfBig())).size).toBe(cut);
    expect(hub.rangeRequests('model.safetensors')).toHaveLength(0);

    const out = await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir, retries: 0 });
    expect(hub.rangeRequests('model.safetensors').map((r) => r.range)).toEqual([`bytes=${cut}-`]);
    expect(Buffer.compare(await readFile(join(out.dir, 'model.safetensors')), bigFile())).toBe(0);
  });

  it('starts over when the server answers 200 to a Range request', async () => {
    hub.dropAfter.set('model.safetensors', 300_000);
    await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir, retries: 0 }).catch(() => undefined);
    hub.ignoreRange = true;
    const out = await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir, retries: 0 });
    expect(hub.rangeRequests('model.safetensors')).toHaveLength(1); // asked, was answered 200
    expect(Buffer.compare(await readFile(join(out.dir, 'model.safetensors')), bigFile())).toBe(0);
  });

  it('cancel leaves a resumable .incomplete file', async () => {
    hub.chunkDelayMs = 5;
    const ctrl = new AbortController();
    const err = await downloadRepo({
      endpoint: hub.url,
      repo: repo.id,
      files: FILES,
      cacheDir,
      signal: ctrl.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.file === 'model.safetensors' && p.fileBytes >= 200_000) ctrl.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).reason).toBe('cancelled');
    expect((err as HubError).code).toBe('cancelled');
    const kept = (await stat(partialOfBig())).size;
    expect(kept).toBeGreaterThanOrEqual(200_000);
    expect(kept).toBeLessThan(bigFile().length);

    hub.chunkDelayMs = 0;
    const out = await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir });
    expect(hub.rangeRequests('model.safetensors').map((r) => r.range)).toEqual([`bytes=${kept}-`]);
    expect(Buffer.compare(await readFile(join(out.dir, 'model.safetensors')), bigFile())).toBe(0);
  });

  it('downloads every file and fetches optional ones only when present', async () => {
    const all = await downloadRepo({ endpoint: hub.url, repo: repo.id, cacheDir });
    expect(all.files.sort()).toEqual(repo.files.map((f) => f.name).sort());
    const some = await downloadRepo({ endpoint: hub.url, repo: repo.id, cacheDir, files: ['config.json'], optionalFiles: ['vocab.txt', 'preprocessor_config.json'] });
    expect(some.files).toEqual(['config.json', 'preprocessor_config.json']);
  });
});
