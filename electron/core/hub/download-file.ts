import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { blobPath, existingSize, incompletePath, linkIntoSnapshot, snapshotDir } from './cache';
import { resolveUrl, validateRepoFilePath } from './endpoint';
import { describeNetworkError, HubError, isAbortError } from './errors';
import { authHeaders, describeTarget, errorForStatus, hubFetch, type HubTarget } from './http';
import { gitBlobIdFile, isGitOid, isSha256, normalizeEtag, sha256File } from './verify';

/** What the file list says about a file; anything missing is asked of the resolve endpoint with HEAD. */
export interface ExpectedFile {
  sha256?: string;
  gitBlobId?: string;
  size?: number;
}

export interface DownloadFileOptions {
  endpoint: string;
  repo: string;
  /** Commit sha: every file of one snapshot comes from the same commit. */
  commit: string;
  file: string;
  cacheDir: string;
  token?: string;
  expected?: ExpectedFile;
  signal?: AbortSignal;
  /** Automatic resumes after a dropped connection within this call (default 3). */
  retries?: number;
  /** Called per chunk: bytes in place for this file, its total if known, and the new network bytes. */
  onBytes?: (fileBytes: number, fileTotal: number | null, networkDelta: number) => void;
}

export interface DownloadFileResult {
  /** The file inside the snapshot folder. */
  path: string;
  size: number;
  etag: string;
  /** Already in the cache; nothing was fetched. */
  cached: boolean;
}

interface FileMeta {
  etag: string;
  sha256?: string;
  gitBlobId?: string;
  size?: number;
}

const MAX_REDIRECTS = 5;

/**
 * HEAD without following redirects: the hub puts X-Linked-Etag (the LFS sha256) and
 * X-Linked-Size on its redirect to the CDN, and the CDN's own ETag means something else.
 */
async function headMeta(url: string, target: HubTarget, token: string | undefined, signal?: AbortSignal): Promise<FileMeta> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await hubFetch(current, { method: 'HEAD', redirect: 'manual', headers: { 'Accept-Encoding': 'identity', ...authHeaders(token) } }, target, signal);
    const linked = normalizeEtag(res.headers.get('x-linked-etag'));
    const etag = linked ?? normalizeEtag(res.headers.get('etag'));
    const sizeHeader = res.headers.get('x-linked-size') ?? (res.status >= 300 ? null : res.headers.get('content-length'));
    const size = sizeHeader !== null && /^\d+$/.test(sizeHeader) ? Number(sizeHeader) : undefined;
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location');
      if (etag || !location) {
        if (!etag) break;
        return { etag, size, sha256: isSha256(linked) ? linked.toLowerCase() : undefined };
      }
      current = new URL(location, current).toString();
      continue;
    }
    if (!res.ok) throw errorForStatus(res, target, current);
    if (!etag) break;
    return { etag, size, sha256: isSha256(linked) ? linked.toLowerCase() : undefined };
  }
  throw new HubError('bad_response', `The hub gave no ETag for ${describeTarget(target)}, so it cannot be cached or verified.`);
}

async function fileMeta(opts: DownloadFileOptions, url: string, target: HubTarget): Promise<FileMeta> {
  const e = opts.expected ?? {};
  if (isSha256(e.sha256)) return { etag: e.sha256.toLowerCase(), sha256: e.sha256.toLowerCase(), size: e.size };
  if (isGitOid(e.gitBlobId)) return { etag: e.gitBlobId.toLowerCase(), gitBlobId: e.gitBlobId.toLowerCase(), size: e.size };
  const head = await headMeta(url, target, opts.token, opts.signal);
  return { ...head, size: e.size ?? head.size };
}

/** Blob names must be plain file names whatever a server sends as ETag. */
function blobName(etag: string): string {
  return /^[A-Za-z0-9._-]{1,128}$/.test(etag) && !etag.startsWith('.') ? etag : createHash('sha256').update(etag).digest('hex');
}

function parseContentRangeStart(v: string | null): number | undefined {
  const m = v ? /^bytes (\d+)-/.exec(v) : null;
  return m ? Number(m[1]) : undefined;
}

class Interrupted extends Error {}

/** One GET into the .incomplete file, resuming from `offset` when the server honours Range. */
async function fetchInto(opts: DownloadFileOptions, url: string, partial: string, offset: number, meta: FileMeta, target: HubTarget): Promise<void> {
  const headers: Record<string, string> = { 'Accept-Encoding': 'identity', ...authHeaders(opts.token) };
  if (offset > 0) headers.Range = `bytes=${offset}-`;
  const res = await hubFetch(url, { headers, redirect: 'follow' }, target, opts.signal);
  if (res.status === 416 && offset > 0) {
    await res.body?.cancel();
    await rm(partial, { force: true });
    throw new Interrupted('range not satisfiable; restarting');
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw errorForStatus(res, target, url);
  }
  // 206 from the offset we asked for: append. Anything else (200, or a range we didn't ask for): start over.
  const resumed = offset > 0 && res.status === 206 && parseContentRangeStart(res.headers.get('content-range')) === offset;
  let written = resumed ? offset : 0;
  const length = res.headers.get('content-length');
  const expectedEnd = length !== null && /^\d+$/.test(length) ? written + Number(length) : meta.size;
  const total = meta.size ?? expectedEnd ?? null;
  let fh: FileHandle | undefined;
  try {
    fh = await open(partial, resumed ? 'a' : 'w');
    opts.onBytes?.(written, total, 0);
    if (!res.body) throw new HubError('bad_response', `The hub sent no body for ${describeTarget(target)}.`);
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await fh.write(value);
      written += value.byteLength;
      opts.onBytes?.(written, total, value.byteLength);
    }
  } catch (err) {
    if (err instanceof HubError) throw err;
    if (isAbortError(err, opts.signal)) {
      throw new HubError('cancelled', `Download of ${describeTarget(target)} was cancelled; ${written} bytes are kept and the next attempt resumes from there.`);
    }
    throw new Interrupted(describeNetworkError(err));
  } finally {
    await fh?.close();
  }
  if (expectedEnd !== undefined && written < expectedEnd) throw new Interrupted(`connection closed after ${written} of ${expectedEnd} bytes`);
}

async function verify(partial: string, meta: FileMeta, target: HubTarget): Promise<number> {
  const size = (await existingSize(partial)) ?? 0;
  const reject = async (why: string) => {
    // Deleted so the next attempt downloads it afresh instead of "resuming" garbage.
    await rm(partial, { force: true });
    return new HubError('checksum', `${describeTarget(target)} is corrupted (${why}); the download was discarded, try again.`);
  };
  if (meta.size !== undefined && size !== meta.size) throw await reject(`expected ${meta.size} bytes, got ${size}`);
  if (meta.sha256) {
    const got = await sha256File(partial);
    if (got !== meta.sha256) throw await reject(`sha256 ${got} does not match the hub's ${meta.sha256}`);
  } else if (meta.gitBlobId) {
    const got = await gitBlobIdFile(partial, size);
    if (got !== meta.gitBlobId) throw await reject(`git blob id ${got} does not match the hub's ${meta.gitBlobId}`);
  }
  return size;
}

/**
 * Download one file of a repo into the cache and link it into the commit's snapshot.
 * Writes to blobs/<etag>.incomplete, resumes with `Range: bytes=N-`, verifies LFS files against
 * their sha256 (and small files against their git blob id) before the blob becomes visible.
 */
export async function downloadFile(opts: DownloadFileOptions): Promise<DownloadFileResult> {
  validateRepoFilePath(opts.repo, opts.file);
  const target: HubTarget = { repo: opts.repo, revision: opts.commit, file: opts.file };
  const url = resolveUrl(opts.endpoint, opts.repo, opts.commit, opts.file);
  const snapPath = join(snapshotDir(opts.cacheDir, opts.repo, opts.commit), ...opts.file.split('/'));
  const meta = await fileMeta(opts, url, target);
  const name = blobName(meta.etag);
  const blob = blobPath(opts.cacheDir, opts.repo, name);
  const partial = incompletePath(opts.cacheDir, opts.repo, name);

  const blobSize = await existingSize(blob);
  if (blobSize !== undefined && (meta.size === undefined || blobSize === meta.size)) {
    await linkIntoSnapshot(blob, snapPath);
    opts.onBytes?.(blobSize, blobSize, 0);
    return { path: snapPath, size: blobSize, etag: meta.etag, cached: true };
  }

  await mkdir(dirname(blob), { recursive: true });
  const retries = opts.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new HubError('cancelled', `Download of ${describeTarget(target)} was cancelled.`);
    let offset = (await existingSize(partial)) ?? 0;
    if (meta.size !== undefined && offset > meta.size) {
      await rm(partial, { force: true }); // left by a different version of the file
      offset = 0;
    }
    if (meta.size !== undefined && offset === meta.size) {
      opts.onBytes?.(offset, meta.size, 0); // complete from an earlier run; only verification is left
      break;
    }
    try {
      await fetchInto(opts, url, partial, offset, meta, target);
      break;
    } catch (err) {
      if (!(err instanceof Interrupted)) throw err;
      if (attempt >= retries) {
        throw new HubError('network', `Connection lost while downloading ${describeTarget(target)}: ${err.message}. The partial file is kept; try again to resume.`);
      }
    }
  }
  const size = await verify(partial, meta, target);
  await rename(partial, blob);
  await linkIntoSnapshot(blob, snapPath);
  return { path: snapPath, size, etag: meta.etag, cached: false };
}
