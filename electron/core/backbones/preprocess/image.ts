import sharp from 'sharp';
import { basename } from 'node:path';
import { StudioError } from '../../../../shared/api/errors';
import type { ImagePreprocessSpec, Interpolation } from './spec';

const kernels: Record<Interpolation, keyof sharp.KernelEnum> = {
  nearest: 'nearest',
  bilinear: 'linear',
  bicubic: 'cubic',
  lanczos: 'lanczos3',
  box: 'linear',
  hamming: 'linear',
};

export type ImageSource = string | Buffer;

/** Sizes after the resize step, with torchvision's rounding (long side truncated). */
export function resizedSize(spec: ImagePreprocessSpec, width: number, height: number): { width: number; height: number } {
  const r = spec.resize;
  if (r.mode === 'exact') return { width: r.width, height: r.height };
  if (width <= height) return { width: r.size, height: Math.max(1, Math.floor((r.size * height) / width)) };
  return { width: Math.max(1, Math.floor((r.size * width) / height)), height: r.size };
}

/**
 * One image → normalised float32 NHWC values [H·W·3] (one item of a batch): decode any format sharp reads,
 * apply EXIF orientation, flatten alpha onto white, convert to 8-bit sRGB, resize, centre crop, normalise.
 */
export async function preprocessImage(spec: ImagePreprocessSpec, source: ImageSource): Promise<Float32Array> {
  const label = typeof source === 'string' ? basename(source) : 'image';
  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    const meta = await sharp(source).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    // Orientations 5–8 rotate by 90°, swapping width and height.
    const swap = (meta.orientation ?? 1) >= 5;
    const w0 = swap ? meta.height : meta.width;
    const h0 = swap ? meta.width : meta.height;
    const { width: rw, height: rh } = resizedSize(spec, w0, h0);
    const [ch, cw] = spec.inputSize;
    let img = sharp(source)
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .resize(rw, rh, { fit: 'fill', kernel: kernels[spec.interpolation] });
    if (spec.centerCrop && (rw !== cw || rh !== ch)) {
      if (rw < cw || rh < ch) throw new Error(`resized to ${rw}×${rh}, smaller than the ${cw}×${ch} crop`);
      // torchvision CenterCrop: offsets rounded to nearest.
      img = sharp(await img.raw().toBuffer(), { raw: { width: rw, height: rh, channels: 3 } }).extract({
        left: Math.round((rw - cw) / 2),
        top: Math.round((rh - ch) / 2),
        width: cw,
        height: ch,
      });
    }
    raw = await img.removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new StudioError('bad_input', `cannot read ${label} as an image: ${(e as Error).message}`);
  }
  const { data, info } = raw;
  const [h, w] = spec.inputSize;
  if (info.width !== w || info.height !== h || info.channels !== 3) {
    throw new StudioError('bad_input', `${label}: preprocessing gave ${info.width}×${info.height}×${info.channels}, expected ${w}×${h}×3`);
  }
  const out = new Float32Array(h * w * 3);
  const scale = spec.rescale;
  const [m0, m1, m2] = spec.mean;
  const [s0, s1, s2] = spec.std;
  for (let i = 0; i < h * w; i++) {
    out[i * 3] = (data[i * 3] * scale - m0) / s0;
    out[i * 3 + 1] = (data[i * 3 + 1] * scale - m1) / s1;
    out[i * 3 + 2] = (data[i * 3 + 2] * scale - m2) / s2;
  }
  return out;
}

export interface ImagePreprocessor {
  spec: ImagePreprocessSpec;
  /** One image → [H·W·3] float32, NHWC order. */
  run(source: ImageSource): Promise<Float32Array>;
  /** Several images → one [N·H·W·3] buffer, ready for tf.tensor4d(data, [N, H, W, 3]). */
  runBatch(sources: readonly ImageSource[]): Promise<Float32Array>;
}

export function imagePreprocessor(spec: ImagePreprocessSpec): ImagePreprocessor {
  const per = spec.inputSize[0] * spec.inputSize[1] * 3;
  return {
    spec,
    run: (source) => preprocessImage(spec, source),
    async runBatch(sources) {
      const out = new Float32Array(sources.length * per);
      for (let i = 0; i < sources.length; i++) out.set(await preprocessImage(spec, sources[i]), i * per);
      return out;
    },
  };
}
