import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepJob } from './protocol';

/**
 * The name of the frozen-trunk features a job needs: everything the feature cache's keys depend on
 * (weights, where the trunk is cut, the preprocessing knobs, the items), never what differs between
 * runs that share them (seed, epochs, learning rate). Two runs with one name read the same entries.
 */
export function featurePackKey(job: SweepJob): string {
  const o = job.options;
  const cutOf = job.mode === 'probe' ? 'features' : job.mode === 'full' ? 0 : `last-${o.finetuneBlocks ?? 'default'}`;
  const relevant = [job.backbone.weightsHash, job.mode, cutOf, o.augmentViews, o.headSolver, o.maxLength, job.items.map((i) => i.contentHash).sort()];
  return createHash('sha256').update(JSON.stringify(relevant)).digest('hex');
}

/** Cache entries (`<dir>/xx/<key>.act`) written at or after `sinceMs`: what this job computed. */
export function entriesSince(cacheDir: string, sinceMs: number): string[] {
  if (!existsSync(cacheDir)) return [];
  const out: string[] = [];
  for (const sub of readdirSync(cacheDir)) {
    const d = join(cacheDir, sub);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d)) if (f.endsWith('.act') && statSync(join(d, f)).mtimeMs >= sinceMs) out.push(join(sub, f));
  }
  return out.sort();
}

/** One file holding cache entries: [u32 name length][name][u32 data length][data]… */
export function packEntries(cacheDir: string, names: readonly string[], out: string): void {
  const parts: Buffer[] = [];
  for (const n of names) {
    const name = Buffer.from(n);
    const data = readFileSync(join(cacheDir, n));
    const h = Buffer.alloc(4);
    h.writeUInt32LE(name.length);
    const l = Buffer.alloc(4);
    l.writeUInt32LE(data.length);
    parts.push(h, name, l, data);
  }
  writeFileSync(out, Buffer.concat(parts));
}

/** Writes a pack's entries into the cache; names that are not `xx/<64 hex>.act` are skipped. Returns how many. */
export function unpackEntries(cacheDir: string, pack: Buffer): number {
  let off = 0;
  let n = 0;
  while (off + 4 <= pack.length) {
    const nl = pack.readUInt32LE(off);
    const name = pack.subarray(off + 4, off + 4 + nl).toString();
    off += 4 + nl;
    if (off + 4 > pack.length) break;
    const dl = pack.readUInt32LE(off);
    const data = pack.subarray(off + 4, off + 4 + dl);
    off += 4 + dl;
    // The cache is content-addressed: a name outside its layout is not a cache entry.
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}\.act$/.test(name) || data.length !== dl) continue;
    const dest = join(cacheDir, name);
    if (existsSync(dest)) continue;
    mkdirSync(join(cacheDir, name.slice(0, 2)), { recursive: true });
    const tmp = `${dest}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, dest);
    n++;
  }
  return n;
}
