/**
 * A baseline TIFF reader for the layouts libtiff in sharp's build refuses but Pillow reads: tiled and
 * planar files (8 or 16 bits, uncompressed / LZW / Deflate / PackBits) and CIE Lab. First image only.
 * 16-bit samples keep their high byte, as Pillow's RGB;16 unpackers do (grey 16-bit clips at 255, as
 * its I;16 → L conversion does). Lab goes to sRGB through LittleCMS, as Pillow converts it (lab-cms.ts).
 * Old-style JPEG (compression 6) is read as libtiff reads it for Pillow: see ojpeg below.
 */
import { inflateSync } from 'node:zlib';
import { decodeJpegPlanes } from './jpeg-planes';
import { labToSrgb } from './lab-cms';
import { ImageDecodeError, type PixelBuffer } from './types';

interface Ifd {
  get(tag: number): number[] | undefined;
}

function readIfd(b: Buffer): Ifd {
  const le = b.toString('latin1', 0, 2) === 'II';
  const u16 = (p: number) => (le ? b.readUInt16LE(p) : b.readUInt16BE(p));
  const u32 = (p: number) => (le ? b.readUInt32LE(p) : b.readUInt32BE(p));
  const at = u32(4);
  if (at + 2 > b.length) throw new ImageDecodeError('corrupt TIFF file (no image directory)');
  const n = u16(at);
  const tags = new Map<number, number[]>();
  const sizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 6: 1, 7: 1, 8: 2, 9: 4, 16: 8 };
  for (let i = 0; i < n; i++) {
    const e = at + 2 + i * 12;
    if (e + 12 > b.length) break;
    const tag = u16(e);
    const type = u16(e + 2);
    const count = u32(e + 4);
    const size = sizes[type];
    if (!size || count > 1 << 24) continue;
    const off = size * count <= 4 ? e + 8 : u32(e + 8);
    if (off + size * count > b.length) continue;
    const vals: number[] = [];
    for (let k = 0; k < count; k++) {
      const p = off + k * size;
      vals.push(size === 1 ? b[p]! : size === 2 ? u16(p) : size === 4 ? u32(p) : u32(p + (le ? 0 : 4)));
    }
    tags.set(tag, vals);
  }
  return { get: (t) => tags.get(t) };
}

/** TIFF LZW: MSB-first codes with the "early change" (width grows one code early). */
function lzw(src: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  const dict: Uint8Array[] = [];
  const reset = () => {
    dict.length = 0;
    for (let i = 0; i < 256; i++) dict.push(Uint8Array.of(i));
    dict.push(new Uint8Array(0), new Uint8Array(0));
  };
  reset();
  let n = 0;
  let size = 9;
  let acc = 0;
  let bits = 0;
  let prev: Uint8Array | null = null;
  for (let i = 0; i < src.length && n < expected; ) {
    while (bits < size && i < src.length) {
      acc = ((acc << 8) | src[i++]!) >>> 0;
      bits += 8;
    }
    if (bits < size) break;
    const code = (acc >>> (bits - size)) & ((1 << size) - 1);
    bits -= size;
    acc &= (1 << bits) - 1;
    if (code === 256) {
      reset();
      size = 9;
      prev = null;
      continue;
    }
    if (code === 257) break;
    let entry: Uint8Array;
    if (code < dict.length) entry = dict[code]!;
    else if (prev && code === dict.length) entry = Uint8Array.of(...prev, prev[0]!);
    else throw new ImageDecodeError('corrupt TIFF file (bad LZW code)');
    if (prev) dict.push(Uint8Array.of(...prev, entry[0]!));
    out.set(entry.subarray(0, Math.max(0, expected - n)), n);
    n += entry.length;
    prev = entry;
    if (dict.length + 1 >= 1 << size && size < 12) size++;
  }
  return out;
}

function packBits(src: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let n = 0;
  for (let i = 0; i < src.length && n < expected; ) {
    const c = (src[i++]! << 24) >> 24;
    if (c >= 0) {
      out.set(src.subarray(i, i + c + 1).subarray(0, expected - n), n);
      n += c + 1;
      i += c + 1;
    } else if (c !== -128) {
      out.fill(src[i++]!, n, Math.min(expected, n - c + 1));
      n += -c + 1;
    }
  }
  return out;
}

function inflate(src: Uint8Array, compression: number, expected: number): Uint8Array {
  if (compression === 1) return src;
  if (compression === 5) return lzw(src, expected);
  if (compression === 8 || compression === 32946) return new Uint8Array(inflateSync(src));
  if (compression === 32773) return packBits(src, expected);
  throw new ImageDecodeError(`TIFF compression ${compression} is not supported`);
}

/**
 * Whether this TIFF must go through this reader rather than libvips: CIE Lab (libvips reads it, but
 * not as Pillow converts it) and old-style JPEG (libvips' libtiff upsamples chroma differently).
 */
export function needsOwnTiffReader(b: Buffer): boolean {
  try {
    const ifd = readIfd(b);
    return ifd.get(262)?.[0] === 8 || ifd.get(259)?.[0] === 6;
  } catch {
    return false;
  }
}

/**
 * libtiff's TIFFYCbCrToRGBInit / TIFFYCbCrtoRGB with the default luma (0.299, 0.587, 0.114, as
 * floats) and reference black/white: 16-bit fixed point, Cr/Cb centred on 128, Y unscaled.
 */
function ycbcrTables(): { crR: Int32Array; cbB: Int32Array; crG: Int32Array; cbG: Int32Array } {
  const f32 = Math.fround;
  const fix = (x: number) => Math.floor(x * 65536 + 0.5);
  const [lr, lg, lb] = [f32(0.299), f32(0.587), f32(0.114)];
  const f1 = f32(2 - f32(2 * lr));
  const f3 = f32(2 - f32(2 * lb));
  const d1 = fix(f1);
  const d2 = -fix(f32(f32(lr * f1) / lg));
  const d3 = fix(f3);
  const d4 = -fix(f32(f32(lb * f3) / lg));
  const crR = new Int32Array(256);
  const cbB = new Int32Array(256);
  const crG = new Int32Array(256);
  const cbG = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    const x = i - 128;
    crR[i] = Math.floor((d1 * x + 32768) / 65536);
    cbB[i] = Math.floor((d3 * x + 32768) / 65536);
    crG[i] = d2 * x;
    cbG[i] = d4 * x + 32768;
  }
  return { crR, cbB, crG, cbG };
}

/**
 * Old-style JPEG, as Pillow 9.4 gets it from libtiff: the embedded JPEG's raw planes (libjpeg's
 * islow IDCT), chroma repeated over each subsampled block (TIFFReadRGBA's YCbCr put routines, not
 * libjpeg's interpolating upsampler, so sharp's decode of the same stream differs by up to 64 levels
 * at chroma edges), then libtiff's fixed-point YCbCr → RGB. The stream is the one
 * JPEGInterchangeFormat points at, or a strip that is itself a whole JPEG; files that keep only
 * tables in JPEGQTables/DCTables/ACTables are refused.
 */
function decodeOjpeg(b: Buffer, ifd: Ifd, width: number, height: number): PixelBuffer {
  const at = ifd.get(513)?.[0];
  let jpg: Uint8Array | undefined;
  if (at !== undefined && at < b.length) jpg = b.subarray(at, at + (ifd.get(514)?.[0] ?? b.length - at));
  else {
    const off = ifd.get(273)?.[0];
    if (off !== undefined && b[off] === 0xff && b[off + 1] === 0xd8) jpg = b.subarray(off);
  }
  if (!jpg || jpg[0] !== 0xff || jpg[1] !== 0xd8)
    throw new ImageDecodeError('old-style JPEG TIFF without an embedded JPEG stream (tables-only layout) is not supported; save it as JPEG or PNG');
  const { planes, hmax, vmax } = decodeJpegPlanes(jpg);
  const out = new Uint8Array(width * height * 3);
  const sample = (c: number, x: number, y: number) => {
    const p = planes[c]!;
    const px = Math.min(p.stride - 1, Math.floor((x * p.h) / hmax));
    const py = Math.min(p.rows - 1, Math.floor((y * p.v) / vmax));
    return p.data[py * p.stride + px]!;
  };
  if (planes.length === 1) {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.fill(sample(0, x, y), (y * width + x) * 3, (y * width + x) * 3 + 3);
    return { data: out, width, height, channels: 3 };
  }
  if (planes.length !== 3) throw new ImageDecodeError(`old-style JPEG TIFF with ${planes.length} components is not supported`);
  const t = ycbcrTables();
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const Y = sample(0, x, y);
      const cb = sample(1, x, y);
      const cr = sample(2, x, y);
      const o = (y * width + x) * 3;
      out[o] = clamp(Y + t.crR[cr]!);
      out[o + 1] = clamp(Y + Math.floor((t.cbG[cb]! + t.crG[cr]!) / 65536));
      out[o + 2] = clamp(Y + t.cbB[cb]!);
    }
  return { data: out, width, height, channels: 3 };
}

export async function decodeTiff(b: Buffer, maxPixels: number, headerOnly = false): Promise<PixelBuffer> {
  const ifd = readIfd(b);
  const width = ifd.get(256)?.[0] ?? 0;
  const height = ifd.get(257)?.[0] ?? 0;
  if (!(width > 0 && height > 0)) throw new ImageDecodeError('corrupt TIFF file (no image size)');
  if (headerOnly) return { data: new Uint8Array(0), width, height, channels: 3 };
  if (width * height > maxPixels) throw new ImageDecodeError(`image is ${width}×${height}, over the pixel limit`);
  if (ifd.get(259)?.[0] === 6) return decodeOjpeg(b, ifd, width, height);
  const spp = ifd.get(277)?.[0] ?? 1;
  const bps = ifd.get(258)?.[0] ?? 1;
  const compression = ifd.get(259)?.[0] ?? 1;
  const photometric = ifd.get(262)?.[0] ?? 1;
  const planar = (ifd.get(284)?.[0] ?? 1) === 2;
  const le = b.toString('latin1', 0, 2) === 'II';
  if (bps !== 8 && bps !== 16) throw new ImageDecodeError(`${bps}-bit TIFF samples are not supported`);
  if (![0, 1, 2, 3, 8].includes(photometric)) throw new ImageDecodeError(`TIFF photometric interpretation ${photometric} is not supported`);
  const tiled = ifd.get(322) !== undefined;
  const tw = tiled ? ifd.get(322)![0]! : width;
  const th = tiled ? ifd.get(323)![0]! : Math.min(height, ifd.get(278)?.[0] ?? height);
  const offsets = ifd.get(tiled ? 324 : 273) ?? [];
  const counts = ifd.get(tiled ? 325 : 279) ?? [];
  const bytes = bps / 8;
  const perChunk = planar ? 1 : spp;
  const across = Math.ceil(width / tw);
  const down = Math.ceil(height / th);
  const chunks = across * down;
  // Samples as 0..255 (high byte of 16-bit, or the clipped value for 16-bit grey).
  const samples = new Uint8Array(width * height * spp);
  const grey16 = bps === 16 && spp === 1;
  for (let plane = 0; plane < (planar ? spp : 1); plane++) {
    for (let c = 0; c < chunks; c++) {
      const k = plane * chunks + c;
      const off = offsets[k];
      if (off === undefined) throw new ImageDecodeError('truncated TIFF file (missing tiles or strips)');
      const rowsHere = tiled ? th : Math.min(th, height - Math.floor(c / across) * th);
      const expected = tw * rowsHere * perChunk * bytes;
      const raw = inflate(b.subarray(off, off + (counts[k] ?? expected)), compression, expected);
      const x0 = (c % across) * tw;
      const y0 = Math.floor(c / across) * th;
      for (let y = 0; y < rowsHere && y0 + y < height; y++)
        for (let x = 0; x < tw && x0 + x < width; x++)
          for (let s = 0; s < perChunk; s++) {
            const p = ((y * tw + x) * perChunk + s) * bytes;
            let v = raw[p] ?? 0;
            if (bytes === 2) {
              const w16 = le ? (raw[p] ?? 0) | ((raw[p + 1] ?? 0) << 8) : ((raw[p] ?? 0) << 8) | (raw[p + 1] ?? 0);
              v = grey16 ? Math.min(255, w16) : w16 >> 8;
            }
            samples[((y0 + y) * width + x0 + x) * spp + (planar ? plane : s)] = v;
          }
    }
  }
  if (photometric === 8 && spp >= 3) {
    // The TIFF's a and b are signed bytes; Pillow's LAB mode (what LittleCMS is fed) offsets them by 128.
    const lab = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) {
      lab[i * 3] = samples[i * spp]!;
      lab[i * 3 + 1] = samples[i * spp + 1]! ^ 128;
      lab[i * 3 + 2] = samples[i * spp + 2]! ^ 128;
    }
    return { data: await labToSrgb(lab, width * height), width, height, channels: 3 };
  }
  const out = new Uint8Array(width * height * 3);
  const colormap = ifd.get(320);
  for (let i = 0; i < width * height; i++) {
    const s = i * spp;
    if (photometric === 3 && colormap) {
      const n = colormap.length / 3;
      const v = samples[s]!;
      for (let ch = 0; ch < 3; ch++) out[i * 3 + ch] = (colormap[ch * n + v] ?? 0) >> 8;
    } else if (spp >= 3) {
      out[i * 3] = samples[s]!;
      out[i * 3 + 1] = samples[s + 1]!;
      out[i * 3 + 2] = samples[s + 2]!;
    } else {
      const v = photometric === 0 ? 255 - samples[s]! : samples[s]!;
      out.fill(v, i * 3, i * 3 + 3);
    }
  }
  return { data: out, width, height, channels: 3 };
}
