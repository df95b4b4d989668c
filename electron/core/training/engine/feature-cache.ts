import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describingIo } from '../io-failure';

/** One item's activation at the cut point (batch dimension removed). */
export interface CachedActivation {
  x: { data: Float32Array; shape: number[] };
  mask?: { data: Float32Array; shape: number[] };
}

export interface CacheKeyParts {
  weightsHash: string;
  /** Everything about turning the item into backbone input (size, mean/std, tokenizer, max length). */
  preprocessing: string;
  itemHash: string;
  /** Stage index, or 'features' for the pooled output a probe trains on. */
  cut: number | 'features';
  view: number;
}

export function cacheKey(p: CacheKeyParts): string {
  return createHash('sha256').update(JSON.stringify([p.weightsHash, p.preprocessing, p.itemHash, p.cut, p.view])).digest('hex');
}

function encode(a: CachedActivation): Buffer {
  const header = Buffer.from(JSON.stringify({ x: a.x.shape, mask: a.mask?.shape ?? null }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const parts = [len, header, Buffer.from(a.x.data.buffer, a.x.data.byteOffset, a.x.data.byteLength)];
  if (a.mask) parts.push(Buffer.from(a.mask.data.buffer, a.mask.data.byteOffset, a.mask.data.byteLength));
  return Buffer.concat(parts);
}

function decode(buf: Buffer): CachedActivation {
  const hlen = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + hlen).toString()) as { x: number[]; mask: number[] | null };
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  // Copy into an aligned buffer: the payload offset is not a multiple of 4.
  let off = 4 + hlen;
  const take = (shape: number[]) => {
    const n = size(shape);
    const out = new Float32Array(n);
    Buffer.from(out.buffer).set(buf.subarray(off, off + n * 4));
    off += n * 4;
    return { data: out, shape };
  };
  const x = take(header.x);
  if (off > buf.length) throw new Error('truncated cache entry');
  return header.mask ? { x, mask: take(header.mask) } : { x };
}

/**
 * Frozen-trunk outputs on disk, content-addressed by everything that determines them, so a later
 * run on the same backbone and dataset (any head, any hyperparameters) skips the trunk entirely.
 */
export class FeatureCache {
  hits = 0;
  misses = 0;

  constructor(readonly dir: string) {}

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.act`);
  }

  get(key: string): CachedActivation | null {
    const p = this.pathOf(key);
    if (!existsSync(p)) {
      this.misses++;
      return null;
    }
    try {
      const a = decode(readFileSync(p));
      this.hits++;
      return a;
    } catch {
      // A torn or foreign file is recomputed rather than trusted.
      this.misses++;
      return null;
    }
  }

  put(key: string, a: CachedActivation): void {
    const p = this.pathOf(key);
    mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
    const tmp = `${p}.${process.pid}.tmp`;
    describingIo('writing the feature cache', () => {
      try {
        writeFileSync(tmp, encode(a));
        renameSync(tmp, p);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      }
    });
  }
}

export function featureCacheInfo(dir: string): { bytes: number; entries: number } {
  let bytes = 0;
  let entries = 0;
  if (!existsSync(dir)) return { bytes, entries };
  for (const sub of readdirSync(dir)) {
    const d = join(dir, sub);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d)) {
      if (!f.endsWith('.act')) continue;
      bytes += statSync(join(d, f)).size;
      entries++;
    }
  }
  return { bytes, entries };
}

export function clearFeatureCache(dir: string): { bytes: number; entries: number } {
  const before = featureCacheInfo(dir);
  rmSync(dir, { recursive: true, force: true });
  return before;
}
