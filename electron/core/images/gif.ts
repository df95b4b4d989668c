/**
 * The first frame of a GIF, as Pillow 9's GifImagePlugin gives it: a frame that reaches past the
 * logical screen grows the canvas (libvips refuses such files), pixels outside the frame are the
 * frame's transparent index (else index 0), and convert('RGB') maps indices through the local or
 * global palette, with Pillow's grey ramp for indices the palette does not cover; no palette at all
 * means the indices are grey levels.
 */
import type { PixelBuffer } from './types';

interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
  interlaced: boolean;
  palette: Uint8Array | null;
  transparency: number | null;
  minCodeSize: number;
  data: Uint8Array;
}

function subBlocks(b: Buffer, p: number): { data: Uint8Array; end: number } {
  const parts: Buffer[] = [];
  while (p < b.length) {
    const n = b[p]!;
    p++;
    if (n === 0) return { data: Buffer.concat(parts), end: p };
    parts.push(b.subarray(p, p + n));
    p += n;
  }
  return { data: Buffer.concat(parts), end: p };
}

function readTable(b: Buffer, p: number, flags: number): { table: Uint8Array; end: number } | null {
  if (!(flags & 0x80)) return null;
  const n = 3 << ((flags & 7) + 1);
  return { table: new Uint8Array(b.subarray(p, p + n)), end: p + n };
}

function parse(b: Buffer): { screenW: number; screenH: number; global: Uint8Array | null; frame: Frame | null } | null {
  if (b.length < 13) return null;
  const screenW = b.readUInt16LE(6);
  const screenH = b.readUInt16LE(8);
  let p = 13;
  const g = readTable(b, p, b[10]!);
  if (g) p = g.end;
  let transparency: number | null = null;
  while (p < b.length) {
    const kind = b[p]!;
    if (kind === 0x21) {
      const label = b[p + 1]!;
      if (label === 0xf9 && b[p + 2]! >= 4) transparency = b[p + 3]! & 1 ? b[p + 6]! : null;
      p = subBlocks(b, p + 2).end;
    } else if (kind === 0x2c) {
      if (p + 10 > b.length) return null;
      const flags = b[p + 9]!;
      let q = p + 10;
      const local = readTable(b, q, flags);
      if (local) q = local.end;
      const minCodeSize = b[q]!;
      const { data } = subBlocks(b, q + 1);
      const frame = { x: b.readUInt16LE(p + 1), y: b.readUInt16LE(p + 3), w: b.readUInt16LE(p + 5), h: b.readUInt16LE(p + 7), interlaced: (flags & 0x40) !== 0, palette: local?.table ?? null, transparency, minCodeSize, data };
      return { screenW, screenH, global: g?.table ?? null, frame };
    } else {
      break;
    }
  }
  return { screenW, screenH, global: g?.table ?? null, frame: null };
}

/** GIF's variable-width LZW (codes LSB first, up to 12 bits); stops at end-of-information or `limit` pixels. */
function lzw(data: Uint8Array, minCodeSize: number, limit: number): Uint8Array {
  const out = new Uint8Array(limit);
  if (minCodeSize < 1 || minCodeSize > 11) return out.subarray(0, 0);
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const length = new Int32Array(4096);
  for (let i = 0; i < clear; i++) {
    suffix[i] = i;
    first[i] = i;
    length[i] = 1;
  }
  let size = minCodeSize + 1;
  let next = eoi + 1;
  let prev = -1;
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < data.length && n < limit; ) {
    while (bits < size && i < data.length) {
      acc |= data[i++]! << bits;
      bits += 8;
    }
    if (bits < size) break;
    const code = acc & ((1 << size) - 1);
    acc >>>= size;
    bits -= size;
    if (code === clear) {
      size = minCodeSize + 1;
      next = eoi + 1;
      prev = -1;
      continue;
    }
    if (code === eoi) break;
    let cur = code;
    if (prev >= 0 && next < 4096) {
      // The new entry is prev's string plus the first index of this code's string (or of prev's, for the KwKwK case).
      prefix[next] = prev;
      suffix[next] = code < next ? first[code]! : first[prev]!;
      first[next] = first[prev]!;
      length[next] = length[prev]! + 1;
      next++;
      if (next === 1 << size && size < 12) size++;
    } else if (code >= next) {
      break; // a code that cannot exist yet: corrupt data
    }
    if (cur >= next) break;
    const len = length[cur]!;
    let pos = n + len - 1;
    while (cur >= 0 && len > 0) {
      if (pos < limit) out[pos] = suffix[cur]!;
      pos--;
      cur = cur < clear ? -1 : prefix[cur]!;
    }
    n += len;
    prev = code;
  }
  return out.subarray(0, Math.min(n, limit));
}

/** Canvas size Pillow reports: the logical screen, grown to hold the first frame. */
export function gifSize(b: Buffer): { width: number; height: number } | null {
  const g = parse(b);
  if (!g) return null;
  if (!g.frame) return { width: g.screenW, height: g.screenH };
  return { width: Math.max(g.screenW, g.frame.x + g.frame.w), height: Math.max(g.screenH, g.frame.y + g.frame.h) };
}

/** Row order of an interlaced frame: every 8th from 0, every 8th from 4, every 4th from 2, every 2nd from 1. */
function rowOrder(h: number, interlaced: boolean): number[] {
  if (!interlaced) return Array.from({ length: h }, (_, i) => i);
  const rows: number[] = [];
  for (const [start, step] of [[0, 8], [4, 8], [2, 4], [1, 2]] as const) for (let r = start; r < h; r += step) rows.push(r);
  return rows;
}

export function decodeGif(b: Buffer): PixelBuffer | null {
  const g = parse(b);
  if (!g?.frame) return null;
  const f = g.frame;
  const width = Math.max(g.screenW, f.x + f.w);
  const height = Math.max(g.screenH, f.y + f.h);
  if (width === 0 || height === 0) return null;
  const idx = new Uint8Array(width * height).fill(f.transparency ?? 0);
  const px = lzw(f.data, f.minCodeSize, f.w * f.h);
  const rows = rowOrder(f.h, f.interlaced);
  for (let i = 0; i < px.length; i++) {
    const r = rows[Math.floor(i / f.w)]!;
    idx[(f.y + r) * width + f.x + (i % f.w)] = px[i]!;
  }
  const table = f.palette ?? g.global;
  const pal = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) pal.fill(i, i * 3, i * 3 + 3);
  if (table) pal.set(table.subarray(0, Math.min(table.length, 768)));
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < idx.length; i++) out.set(pal.subarray(idx[i]! * 3, idx[i]! * 3 + 3), i * 3);
  return { data: out, width, height, channels: 3 };
}
