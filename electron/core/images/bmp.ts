/**
 * BMP, read as Pillow 9's BmpImagePlugin reads it (libvips in sharp's build has no BMP loader):
 * Windows 40/108/124-byte and OS/2 12/64-byte headers, 1/4/8-bit palettes (indices past the palette
 * take Pillow's grey-ramp default entries), RLE8/RLE4, 16-bit 555/565 (with Pillow's v*255/31
 * expansion), 24-bit, 32-bit and the bitfield layouts Pillow accepts. Output: RGB, alpha dropped.
 */
import type { PixelBuffer } from './types';

export class BmpError extends Error {}

interface Header {
  headerSize: number;
  width: number;
  height: number;
  bits: number;
  compression: number;
  colors: number;
  topDown: boolean;
  /** Where the pixel bytes start. */
  offset: number;
  /** Bytes per palette entry: 3 for OS/2 1.x, else 4. */
  paletteEntry: number;
  /** Where the palette (or the bitfield masks) start. */
  after: number;
  masks: number[] | null;
}

function readHeader(b: Buffer): Header {
  if (b.length < 18) throw new BmpError('truncated BMP header');
  let offset = b.readUInt32LE(10);
  const headerSize = b.readUInt32LE(14);
  if (b.length < 14 + headerSize) throw new BmpError('truncated BMP header');
  let h: Header;
  if (headerSize === 12) {
    h = { headerSize, width: b.readUInt16LE(18), height: b.readUInt16LE(20), bits: b.readUInt16LE(24), compression: 0, colors: 0, topDown: false, offset, paletteEntry: 3, after: 26, masks: null };
  } else if ([40, 64, 108, 124].includes(headerSize)) {
    // Pillow's test for a top-down file: the height's top byte is 0xFF.
    const topDown = b[25] === 0xff;
    const rawH = b.readUInt32LE(22);
    h = {
      headerSize,
      width: b.readInt32LE(18),
      height: topDown ? 2 ** 32 - rawH : rawH,
      bits: b.readUInt16LE(28),
      compression: b.readUInt32LE(30),
      colors: b.readUInt32LE(46),
      topDown,
      offset,
      paletteEntry: 4,
      after: 14 + headerSize,
      masks: null,
    };
    if (h.compression === 3) {
      if (headerSize >= 56) h.masks = [0, 1, 2, 3].map((i) => b.readUInt32LE(54 + i * 4));
      else {
        if (b.length < h.after + 12) throw new BmpError('truncated BMP bitfield masks');
        h.masks = [0, 1, 2].map((i) => b.readUInt32LE(h.after + i * 4)).concat(0);
        h.after += 12;
      }
    }
  } else {
    throw new BmpError(`unsupported BMP header type (${headerSize} bytes)`);
  }
  if (!(h.width > 0) || !(h.height > 0)) throw new BmpError(`invalid BMP size ${h.width}×${h.height}`);
  h.colors = h.colors || 2 ** h.bits;
  if (offset === 14 + headerSize && h.bits <= 8) offset += 4 * h.colors;
  h.offset = offset;
  return h;
}

export function bmpSize(b: Buffer): { width: number; height: number } {
  const h = readHeader(b);
  return { width: h.width, height: h.height };
}

/** 256 RGB entries: the file's palette, then Pillow's default grey ramp for indices it does not cover. */
function palette(b: Buffer, h: Header): Uint8Array {
  if (!(h.colors > 0 && h.colors <= 65536)) throw new BmpError(`unsupported BMP palette size (${h.colors})`);
  const pal = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) pal.fill(i, i * 3, i * 3 + 3);
  const n = Math.min(h.colors, 256);
  if (b.length < h.after + n * h.paletteEntry) throw new BmpError('truncated BMP palette');
  for (let i = 0; i < n; i++) {
    const p = h.after + i * h.paletteEntry;
    pal[i * 3] = b[p + 2]!;
    pal[i * 3 + 1] = b[p + 1]!;
    pal[i * 3 + 2] = b[p]!;
  }
  return pal;
}

/**
 * Pillow's BmpRleDecoder: indices accumulate in one flat run (an absolute run may spill into the next
 * row, a delta skips with zeros) until the image is full or the bitmap ends; rows bottom-up.
 */
function rleIndices(b: Buffer, h: Header, rle4: boolean): Uint8Array {
  const total = h.width * h.height;
  const data = new Uint8Array(total + 512);
  let len = 0;
  let x = 0;
  let p = h.offset;
  const push = (v: number) => {
    if (len < data.length) data[len] = v;
    len++;
  };
  while (len < total) {
    if (p + 2 > b.length) break;
    let count = b[p]!;
    const byte = b[p + 1]!;
    p += 2;
    if (count) {
      if (x + count > h.width) count = Math.max(0, h.width - x);
      for (let i = 0; i < count; i++) push(rle4 ? (i % 2 === 0 ? byte >> 4 : byte & 15) : byte);
      x += count;
    } else if (byte === 0) {
      while (len % h.width !== 0) push(0);
      x = 0;
    } else if (byte === 1) {
      break;
    } else if (byte === 2) {
      if (p + 2 > b.length) break;
      const skip = b[p]! + b[p + 1]! * h.width;
      p += 2;
      for (let i = 0; i < skip; i++) push(0);
      x = len % h.width;
    } else {
      const bytes = rle4 ? Math.floor(byte / 2) : byte;
      const avail = Math.min(bytes, b.length - p);
      for (let i = 0; i < avail; i++) {
        const v = b[p + i]!;
        if (rle4) {
          push(v >> 4);
          push(v & 15);
        } else push(v);
      }
      p += avail;
      if (avail < bytes) break;
      x += byte;
      // Absolute runs end on a 16-bit boundary of the file.
      if (p % 2 !== 0) p++;
    }
  }
  const out = new Uint8Array(total);
  // Flat data is in file order (bottom row first); short data leaves the top rows at index 0.
  for (let r = 0; r < h.height; r++) {
    const dst = h.topDown ? r : h.height - 1 - r;
    const from = r * h.width;
    if (from >= Math.min(len, data.length)) break;
    out.set(data.subarray(from, Math.min(from + h.width, len, data.length)), dst * h.width);
  }
  return out;
}

/** [offset of R, G, B] within a pixel for each 32/24/16-bit layout Pillow accepts. */
function layout(h: Header): { bytes: number; order?: [number, number, number]; bits16?: 555 | 565 } {
  const key = (h.masks ?? []).map((m) => m.toString(16)).join(',');
  if (h.bits === 24) {
    if (h.compression === 0 || key.startsWith('ff0000,ff00,ff,')) return { bytes: 3, order: [2, 1, 0] };
  } else if (h.bits === 32) {
    if (h.compression === 0) return { bytes: 4, order: [2, 1, 0] };
    const orders: Record<string, [number, number, number]> = {
      'ff0000,ff00,ff,0': [2, 1, 0],
      'ff000000,ff0000,ff00,0': [3, 2, 1],
      'ff000000,ff0000,ff00,ff': [3, 2, 1],
      'ff,ff00,ff0000,ff000000': [0, 1, 2],
      'ff0000,ff00,ff,ff000000': [2, 1, 0],
      '0,0,0,0': [2, 1, 0],
    };
    if (orders[key]) return { bytes: 4, order: orders[key] };
  } else if (h.bits === 16) {
    if (h.compression === 0 || key.startsWith('7c00,3e0,1f,')) return { bytes: 2, bits16: 555 };
    if (key.startsWith('f800,7e0,1f,')) return { bytes: 2, bits16: 565 };
  }
  throw new BmpError(h.compression === 3 ? 'unsupported BMP bitfields layout' : `unsupported BMP pixel depth (${h.bits})`);
}

export function decodeBmp(b: Buffer): PixelBuffer {
  const h = readHeader(b);
  const { width: w, height: ht } = h;
  const out = new Uint8Array(w * ht * 3);
  if (h.compression === 1 || h.compression === 2) {
    if (h.bits !== (h.compression === 1 ? 8 : 4)) throw new BmpError(`RLE${h.compression === 1 ? 8 : 4} BMP with ${h.bits}-bit pixels`);
    const pal = palette(b, h);
    const idx = rleIndices(b, h, h.compression === 2);
    for (let i = 0; i < w * ht; i++) out.set(pal.subarray(idx[i]! * 3, idx[i]! * 3 + 3), i * 3);
    return { data: out, width: w, height: ht, channels: 3 };
  }
  if (h.compression !== 0 && h.compression !== 3) throw new BmpError(`unsupported BMP compression (${h.compression}); save it as PNG`);
  const stride = ((w * h.bits + 31) >> 3) & ~3;
  if (h.offset + stride * ht > b.length) throw new BmpError('truncated BMP: pixel data is shorter than the header says');
  const rowStart = (y: number) => h.offset + (h.topDown ? y : ht - 1 - y) * stride;
  if (h.bits <= 8) {
    if (![1, 4, 8].includes(h.bits) || h.compression !== 0) throw new BmpError(`unsupported BMP pixel depth (${h.bits})`);
    const pal = palette(b, h);
    const mask = (1 << h.bits) - 1;
    for (let y = 0; y < ht; y++) {
      const row = rowStart(y);
      for (let x = 0; x < w; x++) {
        const bit = x * h.bits;
        const v = (b[row + (bit >> 3)]! >> (8 - h.bits - (bit & 7))) & mask;
        out.set(pal.subarray(v * 3, v * 3 + 3), (y * w + x) * 3);
      }
    }
    return { data: out, width: w, height: ht, channels: 3 };
  }
  const l = layout(h);
  for (let y = 0; y < ht; y++) {
    const row = rowStart(y);
    for (let x = 0; x < w; x++) {
      const p = row + x * l.bytes;
      const o = (y * w + x) * 3;
      if (l.bits16) {
        const v = b[p]! | (b[p + 1]! << 8);
        // Pillow's unpackers scale each field as v * 255 / max with integer division.
        const gBits = l.bits16 === 565 ? 63 : 31;
        out[o] = Math.floor((((v >> (l.bits16 === 565 ? 11 : 10)) & 31) * 255) / 31);
        out[o + 1] = Math.floor((((v >> 5) & gBits) * 255) / gBits);
        out[o + 2] = Math.floor(((v & 31) * 255) / 31);
      } else {
        const [r, g, bl] = l.order!;
        out[o] = b[p + r]!;
        out[o + 1] = b[p + g]!;
        out[o + 2] = b[p + bl]!;
      }
    }
  }
  return { data: out, width: w, height: ht, channels: 3 };
}
