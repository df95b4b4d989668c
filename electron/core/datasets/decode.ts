import sharp, { type Sharp } from 'sharp';
import { sniff, type ImageFormat } from './sniff';
import { BmpError, bmpSize, decodeBmp } from './bmp';

/** Above this an image is refused before decoding: a 100-megapixel RGB image is 300 MB of pixels. */
export const defaultMaxPixels = 100_000_000;
export const thumbSize = 256;

export type DecodeOutcome =
  | { ok: true; format: ImageFormat; width: number; height: number; thumb: Buffer }
  | { ok: false; reason: string };

const formatName: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  tiff: 'TIFF',
  avif: 'AVIF',
  heic: 'HEIC',
  bmp: 'BMP',
};

export function describeMegapixels(pixels: number): string {
  const mp = pixels / 1e6;
  return `${mp >= 10 ? mp.toFixed(mp % 1 === 0 ? 0 : 2) : mp.toFixed(2)} megapixels`;
}

function overLimit(width: number, height: number, maxPixels: number): string | undefined {
  if (width * height <= maxPixels) return undefined;
  return `image is ${width}×${height} (${describeMegapixels(width * height)}), over the ${describeMegapixels(maxPixels)} limit`;
}

/** A sharp pipeline on the file's first frame, with orientation, alpha and colour made uniform. */
function normalised(buf: Buffer, format: ImageFormat, maxPixels: number): Sharp {
  if (format === 'bmp') {
    const raw = decodeBmp(buf);
    return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
  }
  // failOn 'truncated': a cut-off file is refused rather than imported half grey; rotate() with no
  // angle applies EXIF orientation; pages: 1 takes the first frame of an animation.
  return sharp(buf, { failOn: 'truncated', limitInputPixels: maxPixels, pages: 1 }).rotate();
}

/**
 * Whether the file stops before its format's end marker. libvips' error text is per thread and
 * can come back empty when several decodes run at once, so truncation is also read off the bytes.
 */
function endsEarly(buf: Buffer, format: ImageFormat): boolean {
  const tail = buf.subarray(Math.max(0, buf.length - 64));
  if (format === 'jpeg') return !tail.includes(Buffer.from([0xff, 0xd9]));
  if (format === 'png') return !tail.includes(Buffer.from('IEND'));
  if (format === 'gif') return !tail.includes(0x3b);
  return false;
}

function reasonFromSharp(err: unknown, format: ImageFormat, buf: Buffer): string {
  const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  if (err instanceof BmpError) return `cannot decode BMP: ${msg}`;
  const detail = msg.replace(/^Input (buffer|file) has corrupt header:\s*/, '').replace(/^[a-z]+load(_buffer)?: /, '').trim();
  const why = detail ? ` (${detail})` : '';
  if (/premature end|end of stream|truncat|unexpected end|EOF/i.test(msg) || endsEarly(buf, format)) {
    return `truncated ${formatName[format]} file${why || ' (it ends before its end marker)'}`;
  }
  if (format === 'heic' && /unsupported|codec|decoder|plugin|No decoding plugin/i.test(msg)) {
    return 'HEIC (HEVC) photos cannot be decoded by this build; export them as JPEG';
  }
  if (/pixel limit/i.test(msg)) return `image exceeds the pixel limit (${detail})`;
  return `corrupt ${formatName[format]} file${why}`;
}

/** Checks that a file is a whole, supported image and makes its thumbnail; never throws. */
export async function decodeForImport(buf: Buffer, opts: { maxPixels?: number } = {}): Promise<DecodeOutcome> {
  const maxPixels = opts.maxPixels ?? defaultMaxPixels;
  if (buf.length === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  const s = sniff(buf);
  if (s.kind !== 'image') return { ok: false, reason: `not an image: the content is ${s.description}` };
  const format = s.format;
  try {
    let width: number;
    let height: number;
    if (format === 'bmp') {
      ({ width, height } = bmpSize(buf));
    } else {
      // Header only: the size is known before a single pixel is decoded.
      const meta = await sharp(buf, { limitInputPixels: false, pages: 1 }).metadata();
      width = meta.width ?? 0;
      height = meta.height ?? 0;
      if ((meta.orientation ?? 1) >= 5) [width, height] = [height, width];
    }
    const tooBig = overLimit(width, height, maxPixels);
    if (tooBig) return { ok: false, reason: tooBig };
    const thumb = await normalised(buf, format, maxPixels)
      .flatten({ background: '#ffffff' })
      .resize(thumbSize, thumbSize, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .webp({ quality: 80 })
      .toBuffer();
    return { ok: true, format, width, height, thumb };
  } catch (err) {
    return { ok: false, reason: reasonFromSharp(err, format, buf) };
  }
}

/**
 * Pixels as a model sees them: 8-bit sRGB, 3 channels, EXIF orientation applied, alpha flattened
 * on white, first frame only. Training and prediction read images through this.
 */
export async function decodeToRgb(
  buf: Buffer,
  opts: { width?: number; height?: number; fit?: 'fill' | 'cover' | 'contain'; maxPixels?: number } = {},
): Promise<{ data: Buffer; width: number; height: number; channels: 3 }> {
  const s = sniff(buf);
  if (s.kind !== 'image') throw new Error(`not an image: the content is ${s.description}`);
  let p = normalised(buf, s.format, opts.maxPixels ?? defaultMaxPixels).flatten({ background: '#ffffff' });
  if (opts.width || opts.height) p = p.resize(opts.width, opts.height, { fit: opts.fit ?? 'fill', background: '#ffffff' });
  const { data, info } = await p.toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
  return { data, width: info.width, height: info.height, channels: 3 };
}
