/**
 * The one image decoder: import, thumbnails, training, prediction, evaluation and embed all read
 * pixels through `decodeImage`, so a file that imports is a file that trains.
 *
 * The result is what the reference pipelines feed their transforms: PIL's `Image.open(f).convert('RGB')`
 * (torchvision's default loader, timm's datasets, transformers' `load_image`). That means a full-size
 * decode with no shrink-on-load, no ICC colour management (PIL ignores embedded profiles), alpha
 * dropped rather than blended, grey replicated to three channels. One deliberate difference: EXIF
 * orientation is applied (as transformers' `load_image` does with `exif_transpose`), since a photo shown
 * upright in the studio should be learnt upright; exports record this as `exif_transpose: true`.
 */
import type Sharp from 'sharp';
import { sniff, type ImageFormat } from '../datasets/sniff';
import { decodeBmp, bmpSize } from './bmp';
import { decodeGif, gifSize } from './gif';
import { decodeTiff, needsOwnTiffReader } from './tiff';
import { pixelsToRgb } from './to-rgb';
import { ImageDecodeError, type PixelBuffer, type RgbImage } from './types';

/**
 * sharp (libvips) on first use: loading it costs ~80 ms, and every studio command reaches this module
 * through the core while few decode an image.
 */
export const loadSharp = async (): Promise<typeof Sharp> => (await import('sharp')).default;

/** Above this an image is refused before decoding: a 100-megapixel RGB image is 300 MB of pixels. */
export const defaultMaxPixels = 100_000_000;

export interface DecodeOptions {
  maxPixels?: number;
}

export interface ImageHeader {
  format: ImageFormat;
  /** Upright size (EXIF orientation applied). */
  width: number;
  height: number;
}

export function describeMegapixels(pixels: number): string {
  const mp = pixels / 1e6;
  return `${mp >= 10 ? mp.toFixed(mp % 1 === 0 ? 0 : 2) : mp.toFixed(2)} megapixels`;
}

function checkLimit(width: number, height: number, maxPixels: number): void {
  if (width * height <= maxPixels) return;
  throw new ImageDecodeError(`image is ${width}×${height} (${describeMegapixels(width * height)}), over the ${describeMegapixels(maxPixels)} limit`);
}

function formatOf(buf: Buffer): ImageFormat {
  if (buf.length === 0) throw new ImageDecodeError('empty file (0 bytes)');
  const s = sniff(buf);
  if (s.kind !== 'image') throw new ImageDecodeError(`not an image: the content is ${s.description}`);
  return s.format;
}

/** The size before a single pixel is decoded, so oversized images are refused cheaply. */
export async function readImageHeader(buf: Buffer): Promise<ImageHeader> {
  const format = formatOf(buf);
  if (format === 'bmp') return { format, ...bmpSize(buf) };
  if (format === 'gif') {
    const s = gifSize(buf);
    if (s) return { format, ...s };
  }
  const sharp = await loadSharp();
  try {
    const meta = await sharp(buf, { limitInputPixels: false, pages: 1 }).metadata();
    let width = meta.width ?? 0;
    let height = meta.height ?? 0;
    // Orientations 5–8 turn the picture by 90°.
    if ((meta.orientation ?? 1) >= 5) [width, height] = [height, width];
    return { format, width, height };
  } catch (err) {
    if (format === 'tiff') {
      const t = await decodeTiff(buf, Number.POSITIVE_INFINITY, true);
      return { format, width: t.width, height: t.height };
    }
    throw err;
  }
}

async function viaSharp(buf: Buffer, maxPixels: number): Promise<PixelBuffer> {
  const sharp = await loadSharp();
  const meta = await sharp(buf, { limitInputPixels: maxPixels, pages: 1 }).metadata();
  if (meta.channels === 1 && meta.depth === 'ushort') return grey16ViaSharp(buf, maxPixels);
  // ignoreIcc: PIL does no colour management; autoOrient: EXIF orientation (see the file comment);
  // failOn 'truncated': a cut-off file is refused rather than learnt half grey; pages 1: first frame.
  const { data, info } = await sharp(buf, { ignoreIcc: true, autoOrient: true, failOn: 'truncated', limitInputPixels: maxPixels, pages: 1 })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
}

/**
 * 16-bit grey opens in PIL as mode I / I;16, and convert('RGB') clips it at 255 (values are not
 * scaled), so most of such an image turns white. The reference pipelines learn from exactly that.
 */
async function grey16ViaSharp(buf: Buffer, maxPixels: number): Promise<PixelBuffer> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(buf, { ignoreIcc: true, autoOrient: true, failOn: 'truncated', limitInputPixels: maxPixels, pages: 1 })
    .toColourspace('grey16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  const v = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
  const n = info.width * info.height;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.min(255, v[i * info.channels]!);
  return { data: out, width: info.width, height: info.height, channels: 1 };
}

/**
 * CMYK: libvips converts through an ICC profile; PIL inverts naively. The raw CMYK bands are taken
 * from libvips and converted as PIL's cmyk2rgb does.
 */
async function cmykViaSharp(buf: Buffer, maxPixels: number): Promise<PixelBuffer | null> {
  const sharp = await loadSharp();
  const meta = await sharp(buf, { limitInputPixels: maxPixels, pages: 1 }).metadata();
  if (meta.space !== 'cmyk') return null;
  const { data, info } = await sharp(buf, { ignoreIcc: true, autoOrient: true, failOn: 'truncated', limitInputPixels: maxPixels, pages: 1 })
    .pipelineColourspace('cmyk')
    .toColourspace('cmyk')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels < 4) return null;
  const n = info.width * info.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const k = data[i * info.channels + 3]!;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.max(0, 255 - data[i * info.channels + c]! - k);
  }
  return { data: out, width: info.width, height: info.height, channels: 3 };
}

/** Decodes any supported file to PIL's `convert('RGB')` pixels; throws ImageDecodeError with the reason. */
export async function decodeImage(buf: Buffer, opts: DecodeOptions = {}): Promise<RgbImage> {
  const maxPixels = opts.maxPixels ?? defaultMaxPixels;
  const header = await readImageHeader(buf);
  checkLimit(header.width, header.height, maxPixels);
  const { format } = header;
  if (format === 'bmp') return pixelsToRgb(decodeBmp(buf));
  if (format === 'gif') {
    // Our reader follows PIL for frames that reach past the canvas, which libvips refuses.
    const g = decodeGif(buf);
    if (g) return pixelsToRgb(g);
  }
  if (format === 'tiff' && needsOwnTiffReader(buf)) return pixelsToRgb(await decodeTiff(buf, maxPixels));
  if (format === 'jpeg' || format === 'tiff') {
    const cmyk = await cmykViaSharp(buf, maxPixels).catch(() => null);
    if (cmyk) return pixelsToRgb(cmyk);
  }
  try {
    return pixelsToRgb(await viaSharp(buf, maxPixels));
  } catch (err) {
    // libtiff in sharp's build refuses some layouts PIL reads (CIE Lab, tiled planar 16-bit…).
    if (format === 'tiff') return pixelsToRgb(await decodeTiff(buf, maxPixels));
    throw err;
  }
}
