import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { StudioError } from '../../../../shared/api/errors';
import { decodeImage } from '../../images/decode';
import { centerCrop } from '../../images/geometry';
import { resizePil } from '../../images/resample';
import type { PixelBuffer } from '../../images/types';
import type { ImagePreprocessSpec } from './spec';

export type ImageSource = string | Buffer;

/** Sizes after the resize step, with torchvision's rounding (long side truncated). */
export function resizedSize(spec: ImagePreprocessSpec, width: number, height: number): { width: number; height: number } {
  const r = spec.resize;
  if (r.mode === 'exact') return { width: r.width, height: r.height };
  if (width <= height) return { width: r.size, height: Math.max(1, Math.floor((r.size * height) / width)) };
  return { width: Math.max(1, Math.floor((r.size * width) / height)), height: r.size };
}

/** Decoded RGB pixels → normalised float32 NHWC [H·W·3]: PIL resize, centre crop, rescale, normalise. */
export function pixelsToInput(spec: ImagePreprocessSpec, img: PixelBuffer): Float32Array {
  const { width: rw, height: rh } = resizedSize(spec, img.width, img.height);
  const [h, w] = spec.inputSize;
  let px = resizePil(img, rw, rh, spec.interpolation);
  if (spec.centerCrop || rw !== w || rh !== h) px = centerCrop(px, w, h, spec.source === 'transformers' ? 'transformers' : 'torchvision');
  return normalise(spec, px.data, h * w);
}

/** (v · rescale − mean) / std per channel, as ToTensor + Normalize (and transformers' rescale + normalize) do. */
export function normalise(spec: ImagePreprocessSpec, data: Uint8Array, pixels: number): Float32Array {
  const out = new Float32Array(pixels * 3);
  const scale = spec.rescale;
  for (let c = 0; c < 3; c++) {
    const m = spec.mean[c]!;
    const s = spec.std[c]!;
    for (let i = c; i < pixels * 3; i += 3) out[i] = (Math.fround(data[i]! * scale) - m) / s;
  }
  return out;
}

/**
 * One image file → normalised float32 NHWC values [H·W·3] (one item of a batch), exactly as the
 * reference eval transform makes them: the studio's decoder (PIL's convert('RGB')), PIL's resize,
 * centre crop, normalise.
 */
export async function preprocessImage(spec: ImagePreprocessSpec, source: ImageSource): Promise<Float32Array> {
  const label = typeof source === 'string' ? basename(source) : 'image';
  try {
    const buf = typeof source === 'string' ? await readFile(source) : source;
    return pixelsToInput(spec, await decodeImage(buf));
  } catch (e) {
    if (e instanceof StudioError) throw e;
    throw new StudioError('bad_input', `cannot read ${label} as an image: ${(e as Error).message}`);
  }
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
