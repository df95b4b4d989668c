import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BackboneFile } from '../store/repos/sweeps';

export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Every file of a backbone folder with its hash: what a worker fetches to rebuild the folder. */
export function backboneManifest(dir: string): BackboneFile[] {
  const out: BackboneFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push({ name: relative(dir, p).split('\\').join('/'), sha256: sha256File(p), bytes: st.size });
    }
  };
  walk(dir);
  return out;
}

/** One hash naming a whole manifest: the worker's cache folder for that backbone. */
export function manifestHash(files: readonly BackboneFile[]): string {
  return createHash('sha256').update(JSON.stringify(files.map((f) => [f.name, f.sha256]))).digest('hex');
}

/**
 * A random id for this data folder, made once: results carry it, so a coordinator ignores results
 * meant for another store that shares its Redis.
 */
export function storeIdOf(dataDir: string): string {
  const dir = join(dataDir, 'sweep');
  const file = join(dir, 'store-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const id = randomUUID().slice(0, 8);
  writeFileSync(file, id);
  return id;
}
