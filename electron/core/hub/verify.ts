import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

async function hashFile(path: string, hash: Hash, prefix?: string): Promise<string> {
  if (prefix !== undefined) hash.update(prefix);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256File(path: string): Promise<string> {
  return hashFile(path, createHash('sha256'));
}

/** The git blob id the hub reports as `blobId` / ETag for non-LFS files: sha1("blob <size>\0" + bytes). */
export function gitBlobIdFile(path: string, size: number): Promise<string> {
  return hashFile(path, createHash('sha1'), `blob ${size}\0`);
}

/** ETags arrive as `"abc"` or `W/"abc"`; the bare value names blobs and may be a sha256. */
export function normalizeEtag(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const v = raw.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  return v.length > 0 ? v : undefined;
}

export const isSha256 = (s: string | undefined): s is string => !!s && /^[0-9a-f]{64}$/i.test(s);
export const isGitOid = (s: string | undefined): s is string => !!s && /^[0-9a-f]{40}$/i.test(s);
