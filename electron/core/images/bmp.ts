/**
 * libvips in sharp's prebuilt binaries has no BMP loader, and BMP is common in old scanners and
 * lab equipment, so uncompressed BMPs (1/4/8-bit palette, 24-bit, 32-bit) are read here and
 * handed to sharp as raw pixels. RLE-compressed BMPs get a specific reason instead.
 */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

export class BmpError extends Error {}

export function bmpSize(b: Buffer): { width: number; height: number } {
  if (b.length < 26) throw new BmpError('truncated BMP header');
  const headerSize = b.readUInt32LE(14);
  if (headerSize === 12) return { width: b.readUInt16LE(18), height: b.readUInt16LE(20) };
  return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) };
}

export function decodeBmp(b: Buffer): RawImage {
  if (b.length < 54) throw new BmpError('truncated BMP header');
  const dataOffset = b.readUInt32LE(10);
  const headerSize = b.readUInt32LE(14);
  if (headerSize < 40) throw new BmpError('old OS/2 BMP headers are not supported');
  const width = b.readInt32LE(18);
  const rawHeight = b.readInt32LE(22);
  const bpp = b.readUInt16LE(28);
  const compression = b.readUInt32LE(30);
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0) throw new BmpError(`invalid BMP size ${width}×${height}`);
  if (compression !== 0 && !(compression === 3 && (bpp === 32 || bpp === 16))) {
    throw new BmpError(`compressed BMP (method ${compression}) is not supported; save it as PNG`);
  }
  if (![1, 4, 8, 24, 32].includes(bpp)) throw new BmpError(`${bpp}-bit BMP is not supported`);
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  if (dataOffset + stride * height > b.length) throw new BmpError('truncated BMP: pixel data is shorter than the header says');
  const paletteStart = 14 + headerSize;
  const colorsUsed = b.readUInt32LE(46) || (bpp <= 8 ? 1 << bpp : 0);
  const hasAlpha = bpp === 32 && compression === 3 && headerSize >= 56 && b.readUInt32LE(66) !== 0;
  const channels: 3 | 4 = hasAlpha ? 4 : 3;
  const out = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      let r: number, g: number, bl: number, a = 255;
      if (bpp >= 24) {
        const p = row + x * (bpp / 8);
        bl = b[p]!;
        g = b[p + 1]!;
        r = b[p + 2]!;
        if (hasAlpha) a = b[p + 3]!;
      } else {
        const bit = x * bpp;
        const byte = b[row + (bit >> 3)]!;
        const idx = (byte >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        if (idx >= colorsUsed) throw new BmpError('BMP palette index out of range');
        const p = paletteStart + idx * 4;
        bl = b[p]!;
        g = b[p + 1]!;
        r = b[p + 2]!;
      }
      const o = (y * width + x) * channels;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = bl;
      if (channels === 4) out[o + 3] = a;
    }
  }
  return { data: out, width, height, channels };
}
