import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fetchRepoInfo, type HubSibling } from './api';
import { existingSize, readRef, snapshotDir, writeRef } from './cache';
import { downloadFile } from './download-file';
import { resolveHubEndpoint, resolveHubToken, validateRepoId, validateRevision } from './endpoint';
import { HubError } from './errors';
import { RateMeter, type DownloadProgress } from './progress';

export interface DownloadRepoOptions {
  /** Default: HF_ENDPOINT, else https://huggingface.co. */
  endpoint?: string;
  repo: string;
  /** Branch, tag or commit sha. Default 'main'. */
  revision?: string;
  /** Files that must exist in the repo. Default: every file of the revision. */
  files?: string[];
  /** Files fetched only when the repo has them (e.g. tokenizer.json for a model that may ship only vocab.txt). */
  optionalFiles?: string[];
  /** The hub cache root, usually defaultHubCacheDir(dataDir). */
  cacheDir: string;
  /** Default: HF_TOKEN. Needed for gated/private repos. */
  token?: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Automatic resumes per file after a dropped connection (default 3). */
  retries?: number;
  /** Minimum milliseconds between progress callbacks within a file (default 100). */
  progressIntervalMs?: number;
}

export interface DownloadRepoResult {
  /** The snapshot folder in hub layout: what the backbone loaders read. */
  dir: string;
  /** Paths inside `dir`, in download order. */
  files: string[];
  /** The commit the revision resolved to. */
  sha: string;
  /** The hub was unreachable and a complete cached snapshot was used instead. */
  offline: boolean;
}

function pickFiles(repo: string, revision: string, siblings: HubSibling[], files?: string[], optional?: string[]): HubSibling[] {
  const byName = new Map(siblings.map((s) => [s.rfilename, s]));
  if (!files && !optional) return siblings;
  const picked: HubSibling[] = [];
  const missing: string[] = [];
  for (const f of files ?? []) {
    const s = byName.get(f);
    if (s) picked.push(s);
    else missing.push(f);
  }
  if (missing.length > 0) {
    throw new HubError('not_found', `${repo}@${revision} has no ${missing.map((m) => `"${m}"`).join(', ')} (it has: ${[...byName.keys()].join(', ') || 'no files'}).`);
  }
  for (const f of optional ?? []) {
    const s = byName.get(f);
    if (s && !picked.includes(s)) picked.push(s);
  }
  return picked;
}

async function listFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** With no network, a snapshot that already holds every required file is as good as a fresh one. */
async function cachedSnapshot(opts: DownloadRepoOptions, revision: string): Promise<DownloadRepoResult | undefined> {
  const sha = await readRef(opts.cacheDir, opts.repo, revision);
  if (!sha) return undefined;
  const dir = snapshotDir(opts.cacheDir, opts.repo, sha);
  let present: string[];
  try {
    present = await listFilesUnder(dir);
  } catch {
    return undefined;
  }
  const sizes = await Promise.all(present.map((f) => existingSize(join(dir, f))));
  const usable = new Set(present.filter((_, i) => sizes[i] !== undefined));
  if (usable.size === 0 || !(opts.files ?? []).every((f) => usable.has(f))) return undefined;
  const files = opts.files || opts.optionalFiles ? [...(opts.files ?? []), ...(opts.optionalFiles ?? []).filter((f) => usable.has(f) && !opts.files?.includes(f))] : [...usable];
  return { dir, files, sha, offline: true };
}

/**
 * Fetch a repo revision into the hub cache and return its snapshot folder. Files already in
 * the cache are not fetched again; interrupted ones resume; LFS files are checked against
 * their sha256. Throws HubError (reason: not_found, gated, network, checksum, cancelled, ...).
 */
export async function downloadRepo(opts: DownloadRepoOptions): Promise<DownloadRepoResult> {
  validateRepoId(opts.repo);
  const endpoint = resolveHubEndpoint(opts.endpoint);
  const token = resolveHubToken(opts.token);
  const revision = opts.revision ?? 'main';
  validateRevision(revision);

  let info;
  try {
    info = await fetchRepoInfo({ endpoint, repo: opts.repo, revision, token, signal: opts.signal });
  } catch (err) {
    if (err instanceof HubError && err.reason === 'network') {
      const cached = await cachedSnapshot(opts, revision);
      if (cached) return cached;
    }
    throw err;
  }

  const chosen = pickFiles(opts.repo, revision, info.siblings, opts.files, opts.optionalFiles);
  const sizeOf = (s: HubSibling) => s.lfs?.size ?? s.size;
  const total = chosen.every((s) => sizeOf(s) !== undefined) ? chosen.reduce((a, s) => a + (sizeOf(s) ?? 0), 0) : null;
  const meter = new RateMeter();
  const interval = opts.progressIntervalMs ?? 100;
  let doneBytes = 0;
  let lastEmit = -Infinity;

  const files: string[] = [];
  for (const [index, sib] of chosen.entries()) {
    let fileBytes = 0;
    let fileTotal: number | null = sizeOf(sib) ?? null;
    // Throttled with a trailing update: without it, bytes that arrive just after an emit and are then
    // followed by a stall were never shown (the figures froze at the old count, the rate never fell).
    let trailing: ReturnType<typeof setTimeout> | null = null;
    const emit = (fileDone: boolean) => {
      if (trailing) clearTimeout(trailing);
      trailing = null;
      lastEmit = performance.now();
      opts.onProgress?.({
        repo: opts.repo,
        file: sib.rfilename,
        fileBytes,
        fileTotal,
        bytes: doneBytes + (fileDone ? 0 : fileBytes),
        total,
        filesDone: index + (fileDone ? 1 : 0),
        filesTotal: chosen.length,
        bytesPerSecond: meter.bytesPerSecond(),
        fileDone,
      });
    };
    emit(false);
    const result = await downloadFile({
      endpoint,
      repo: opts.repo,
      commit: info.sha,
      file: sib.rfilename,
      cacheDir: opts.cacheDir,
      token,
      signal: opts.signal,
      retries: opts.retries,
      expected: { sha256: sib.lfs?.sha256, gitBlobId: sib.lfs ? undefined : sib.blobId, size: sizeOf(sib) },
      onBytes: (bytes, totalBytes, delta) => {
        fileBytes = bytes;
        fileTotal = totalBytes;
        if (delta > 0) meter.add(delta);
        const since = performance.now() - lastEmit;
        if (since >= interval) emit(false);
        else trailing ??= setTimeout(() => emit(false), interval - since);
      },
    }).finally(() => {
      if (trailing) clearTimeout(trailing);
      trailing = null;
    });
    fileBytes = result.size;
    fileTotal = result.size;
    doneBytes += result.size;
    emit(true);
    files.push(sib.rfilename);
  }
  await writeRef(opts.cacheDir, opts.repo, revision, info.sha);
  return { dir: snapshotDir(opts.cacheDir, opts.repo, info.sha), files, sha: info.sha, offline: false };
}
