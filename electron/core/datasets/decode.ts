import { sniff, type ImageFormat } from './sniff';
import { decodeImage, defaultMaxPixels, loadSharp } from '../images/decode';
import { decodeFailureReason } from '../images/reasons';
import type { RgbImage } from '../images/types';

export { defaultMaxPixels, describeMegapixels } from '../images/decode';
export const thumbSize = 256;

export type DecodeOutcome =
  | { ok: true; format: ImageFormat; width: number; height: number; thumb: Buffer }
  | { ok: false; reason: string };

/**
 * Checks that a file decodes through the one decoder training and prediction use (images/decode.ts)
 * and makes its thumbnail from those same pixels, so what imports is what trains; never throws.
 */
export async function decodeForImport(buf: Buffer, opts: { maxPixels?: number } = {}): Promise<DecodeOutcome> {
  const s = buf.length > 0 ? sniff(buf) : null;
  const format = s?.kind === 'image' ? s.format : null;
  try {
    const img = await decodeImage(buf, { maxPixels: opts.maxPixels ?? defaultMaxPixels });
    // The thumbnail is only for eyes: libvips' fast resize is fine here.
    const sharp = await loadSharp();
    const thumb = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
      .resize(thumbSize, thumbSize, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { ok: true, format: format!, width: img.width, height: img.height, thumb };
  } catch (err) {
    return { ok: false, reason: decodeFailureReason(err, format, buf) };
  }
}

/** Pixels as a model sees them (PIL's convert('RGB'), EXIF orientation applied); see images/decode.ts. */
export async function decodeToRgb(buf: Buffer, opts: { maxPixels?: number } = {}): Promise<RgbImage> {
  return decodeImage(buf, opts);
}
