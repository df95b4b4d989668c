import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile, downloadRepo, HubError, snapshotDir } from '../../electron/core/hub';
import { repoFolder } from '../../electron/core/hub/cache';
import { FakeHub, makeTinyRepo, type FakeRepo } from './fake-hub';

let hub: FakeHub;
let repo: FakeRepo;
let cacheDir: string;
const FILES = ['model.safetensors', 'config.json'];

async function failure(p: Promise<unknown>): Promise<HubError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HubError);
  return err as HubError;
}

beforeEach(async () => {
  repo = makeTinyRepo('acme/tiny-vit', 128 * 1024);
  const gated = { ...makeTinyRepo('acme/gated', 16), gated: true };
  hub = await new FakeHub([repo, gated]).start();
  cacheDir = await mkdtemp(join(tmpdir(), 'hub-cache-'));
});

afterEach(async () => {
  await hub.close();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('hub errors', () => {
  for (const file of ['model.safetensors', 'config.json']) {
    it(`rejects a corrupted ${file} by its checksum, deletes it, and a retry downloads it afresh`, async () => {
      hub.corrupt.add(file);
      const err = await failure(downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir }));
      expect(err.reason).toBe('checksum');
      expect(err.message).toContain(file);
      expect(err.message).toContain(repo.id);
      expect(err.message).toMatch(file.endsWith('.safetensors') ? /sha256/ : /git blob id/);
      const blobs = await readdir(join(repoFolder(cacheDir, repo.id), 'blobs'));
      expect(blobs.filter((b) => b.endsWith('.incomplete'))).toEqual([]);
      await expect(stat(join(snapshotDir(cacheDir, repo.id, repo.sha), file))).rejects.toThrow();

      hub.corrupt.clear();
      const out = await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir });
      expect(hub.rangeRequests(file)).toEqual([]);
      const want = repo.files.find((f) => f.name === file)!.data;
      expect(Buffer.compare(await readFile(join(out.dir, file)), want)).toBe(0);
    });
  }

  it('without size/lfs in the listing, learns the sha256 from X-Linked-Etag with HEAD and still verifies', async () => {
    hub.bareListing = true;
    hub.corrupt.add('model.safetensors');
    const err = await failure(downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir }));
    expect(err.reason).toBe('checksum');
    expect(hub.requests.some((r) => r.method === 'HEAD' && r.path.endsWith('/model.safetensors'))).toBe(true);
    hub.corrupt.clear();
    const out = await downloadRepo({ endpoint: hub.url, repo: repo.id, files: FILES, cacheDir });
    expect(Buffer.compare(await readFile(join(out.dir, 'model.safetensors')), repo.files[2].data)).toBe(0);
  });

  it('a missing repo is a clear not_found naming the repo', async () => {
    const err = await failure(downloadRepo({ endpoint: hub.url, repo: 'acme/nope', cacheDir }));
    expect(err.reason).toBe('not_found');
    expect(err.code).toBe('not_found');
    expect(err.status).toBe(404);
    expect(err.message).toContain('acme/nope');
  });

  it('a missing revision names the revision', async () => {
    const err = await failure(downloadRepo({ endpoint: hub.url, repo: repo.id, revision: 'v9', cacheDir }));
    expect(err.reason).toBe('not_found');
    expect(err.message).toContain('"v9"');
  });

  it('a requested file the repo lacks is named, with what the repo has', async () => {
    const err = await failure(downloadRepo({ endpoint: hub.url, repo: repo.id, files: ['model.safetensors', 'vocab.txt'], cacheDir }));
    expect(err.reason).toBe('not_found');
    expect(err.message).toContain('"vocab.txt"');
    expect(err.message).toContain('config.json');
  });

  it('a 404 on resolve names the file and the repo', async () => {
    // e.g. the listing came from a cache and the file has since gone from the server.
    const err = await failure(downloadFile({ endpoint: hub.url, repo: repo.id, commit: repo.sha, file: 'tokenizer.json', cacheDir }));
    expect(err.reason).toBe('not_found');
    expect(err.status).toBe(404);
    expect(err.message).toContain('"tokenizer.json"');
    expect(err.message).toContain(repo.id);
  });

  it('a gated repo says to accept its terms and set HF_TOKEN', async () => {
    const err = await failure(downloadRepo({ endpoint: hub.url, repo: 'acme/gated', cacheDir }));
    expect(err.reason).toBe('gated');
    expect(err.status).toBe(401);
    expect(err.message).toContain('acme/gated');
    expect(err.message).toContain('HF_TOKEN');
  });

  it('an unreachable hub is a network error naming the repo (nothing cached)', async () => {
    const url = hub.url;
    await hub.close();
    const err = await failure(downloadRepo({ endpoint: url, repo: repo.id, files: FILES, cacheDir }));
    expect(err.reason).toBe('network');
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain(repo.id);
    expect(err.message).toMatch(/ECONNREFUSED/);
    hub = await new FakeHub([]).start();
  });

  it('refuses repo ids and listed file names that could escape the cache', async () => {
    expect((await failure(downloadRepo({ endpoint: hub.url, repo: '../etc', cacheDir }))).reason).toBe('invalid_repo');
    expect((await failure(downloadRepo({ endpoint: hub.url, repo: 'a/b/c', cacheDir }))).reason).toBe('invalid_repo');
    repo.files.push({ name: '../../evil.txt', data: Buffer.from('x'), lfs: false });
    expect((await failure(downloadRepo({ endpoint: hub.url, repo: repo.id, cacheDir }))).reason).toBe('bad_response');
  });
});
