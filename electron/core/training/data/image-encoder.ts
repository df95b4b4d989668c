import * as tf from '../../tf/tf';
import { readFile } from 'node:fs/promises';
import { normalise, preprocessImage, timmSpec, type ImagePreprocessSpec } from '../../backbones/preprocess';
import { decodeImage } from '../../images/decode';
import { cropPixels, flipHorizontal } from '../../images/geometry';
import { resizePil } from '../../images/resample';
import type { ItemEncoder, PlanItem } from './types';
import type { ImagePreprocessing } from './preprocessing-summary';
import { hashString, mixSeed, mulberry32 } from '../engine/rng';

export { readImagePreprocessing, summarizeSpec, type ImagePreprocessing } from './preprocessing-summary';

function specOf(p: ImagePreprocessing | ImagePreprocessSpec): ImagePreprocessSpec {
  if ('inputSize' in p) return p;
  if (p.spec) return p.spec;
  return timmSpec({ input_size: [3, p.size[0], p.size[1]], mean: p.mean, std: p.std, crop_pct: p.cropPct, interpolation: 'bilinear' }, p.size);
}

interface Crop {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** torchvision RandomResizedCrop's sampling, scale (0.35, 1) since small datasets need gentler crops. */
function randomCrop(w: number, h: number, rand: () => number): Crop {
  for (let i = 0; i < 10; i++) {
    const area = w * h * (0.35 + 0.65 * rand());
    const ratio = Math.exp(Math.log(3 / 4) + rand() * (Math.log(4 / 3) - Math.log(3 / 4)));
    const cw = Math.round(Math.sqrt(area * ratio));
    const ch = Math.round(Math.sqrt(area / ratio));
    if (cw > 0 && ch > 0 && cw <= w && ch <= h) return { left: Math.floor(rand() * (w - cw + 1)), top: Math.floor(rand() * (h - ch + 1)), width: cw, height: ch };
  }
  return { left: 0, top: 0, width: w, height: h };
}

/**
 * An augmented view: random resized crop + horizontal flip on the decoded pixels, PIL's resize of the
 * crop to the input size (as torchvision's RandomResizedCrop does), then light colour jitter
 * (brightness and contrast within ±10 %) applied in pixel units.
 */
async function augmentedView(spec: ImagePreprocessSpec, path: string, seed: number): Promise<Float32Array> {
  const rand = mulberry32(seed);
  const img = await decodeImage(await readFile(path));
  const c = randomCrop(img.width, img.height, rand);
  let px = cropPixels(img, c.left, c.top, c.width, c.height);
  if (rand() < 0.5) px = flipHorizontal(px);
  const [H, W] = spec.inputSize;
  const out = normalise(spec, resizePil(px, W, H, spec.interpolation).data, H * W);
  const contrast = 1 + (rand() - 0.5) * 0.2;
  const brightness = (rand() - 0.5) * 0.2;
  const range = 255 * spec.rescale;
  for (let i = 0; i < out.length; i++) {
    const k = i % 3;
    const v = out[i]! * spec.std[k]! + spec.mean[k]!;
    const j = (v - 0.5 * range) * contrast + 0.5 * range + brightness * range;
    out[i] = (j - spec.mean[k]!) / spec.std[k]!;
  }
  return out;
}

/**
 * Items → NHWC pixels. View 0 is exactly the backbones package's preprocessing (the parity-tested
 * path, so features match the reference); views ≥ 1 are seeded augmentations of the item.
 */
export function imageEncoder(pre: ImagePreprocessing | ImagePreprocessSpec, views: number): ItemEncoder {
  const spec = specOf(pre);
  return {
    // v3: pixels from the PIL-exact decoder and resize; features cached by v2 (sharp) are not reused.
    key: JSON.stringify({ kind: 'image', v: 3, spec }),
    views,
    async encode(items: readonly PlanItem[], view: number) {
      const [H, W] = spec.inputSize;
      const per = H * W * 3;
      const buf = new Float32Array(items.length * per);
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!;
        if (!it.path) throw new Error(`item ${it.itemId} has no image file`);
        const px = view === 0 ? await preprocessImage(spec, it.path) : await augmentedView(spec, it.path, mixSeed(hashString(it.contentHash), view));
        buf.set(px, i * per);
      }
      return { pixels: tf.tensor4d(buf, [items.length, H, W, 3]) };
    },
  };
}
