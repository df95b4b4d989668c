import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Content-addressed files under the data dir: `blobs/ab/<sha256><ext>` for the imported bytes and
 * `thumbs/ab/<sha256>.webp`. Paths stored in the DB are relative to the data dir, so the data dir can move.
 */
export function blobRelPath(hash: string, ext: string): string {
  return `blobs/${hash.slice(0, 2)}/${hash}${ext}`;
}

export function thumbRelPath(hash: string): string {
  return `thumbs/${hash.slice(0, 2)}/${hash}.webp`;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Writes once; a temp name then rename, so a crash never leaves a half file under the final name. */
export async function writeOnce(dataDir: string, rel: string, bytes: Buffer): Promise<void> {
  const full = join(dataDir, rel);
  if (await exists(full)) return;
  await mkdir(join(full, '..'), { recursive: true });
  const tmp = `${full}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, full);
}
