import { readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { sha256File } from '../../hub/verify';

/**
 * sha256 of model.safetensors. A hub snapshot links each LFS file to blobs/<sha256>, and the
 * downloader verified that name against the bytes, so it is used without reading 500 MB again.
 */
export async function weightsHash(dir: string): Promise<string> {
  const path = join(dir, 'model.safetensors');
  try {
    const target = await readlink(path);
    const name = basename(target);
    if (/^[0-9a-f]{64}$/.test(name) && /(^|[/\\])blobs[/\\][0-9a-f]{64}$/.test(target)) return name;
  } catch {
    // Not a link: a plain copy, hash it.
  }
  return sha256File(path);
}
