import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ItemEncoder, PlanItem } from './types';
import { hashString, mixSeed, mulberry32 } from '../engine/rng';

export interface ImagePreprocessing {
  size: [number, number];
  mean: [number, number, number];
  std: [number, number, number];
  /** timm's crop_pct: resize the short side to size/cropPct, then centre-crop. 1 = resize straight to size. */
  cropPct: number;
}

const imagenet = { mean: [0.485, 0.456, 0.406] as [number, number, number], std: [0.229, 0.224, 0.225] as [number, number, number] };

function triple(v: unknown, fallback: [number, number, number]): [number, number, number] {
  if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number')) return v as [number, number, number];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return [v[0], v[0], v[0]];
  return fallback;
}

/** Reads the preprocessing from a hub-layout folder: timm's pretrained_cfg, else preprocessor_config.json. */
export function readImagePreprocessing(dir: string, fallbackSize?: [number, number]): ImagePreprocessing {
  const read = (f: string): Record<string, unknown> => (existsSync(join(dir, f)) ? (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>) : {});
  const cfg = read('config.json');
  const pre = (cfg.pretrained_cfg ?? {}) as Record<string, unknown>;
  const hf = read('preprocessor_config.json');
  let size: [number, number] | undefined;
  if (Array.isArray(pre.input_size) && pre.input_size.length === 3) size = [Number(pre.input_size[1]), Number(pre.input_size[2])];
  const hfSize = hf.crop_size ?? hf.size;
  if (!size && typeof hfSize === 'number') size = [hfSize, hfSize];
  if (!size && hfSize && typeof hfSize === 'object') {
    const s = hfSize as Record<string, number>;
    if (s.height && s.width) size = [s.height, s.width];
    else if (s.shortest_edge) size = [s.shortest_edge, s.shortest_edge];
  }
  if (!size && typeof cfg.image_size === 'number') size = [cfg.image_size, cfg.image_size];
  return {
    size: size ?? fallbackSize ?? [224, 224],
    mean: triple(pre.mean ?? hf.image_mean, imagenet.mean),
    std: triple(pre.std ?? hf.image_std, imagenet.std),
    cropPct: typeof pre.crop_pct === 'number' ? pre.crop_pct : 1,
  };
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

async function loadRgb(path: string, p: ImagePreprocessing, view: number, seed: number): Promise<Float32Array> {
  const [H, W] = p.size;
  let img = sharp(path, { failOn: 'none' }).rotate().removeAlpha();
  const meta = await sharp(path).metadata();
  const w0 = meta.autoOrient?.width ?? meta.width ?? W;
  const h0 = meta.autoOrient?.height ?? meta.height ?? H;
  const rand = mulberry32(seed);
  let flip = false;
  let jitter: [number, number] = [1, 0];
  if (view === 0) {
    if (p.cropPct < 1) {
      const short = Math.floor(Math.min(H, W) / p.cropPct);
      img = img.resize(short, short, { fit: 'outside', kernel: 'lanczos3' });
      const buf = await img.toBuffer({ resolveWithObject: true });
      img = sharp(buf.data).extract({ left: Math.floor((buf.info.width - W) / 2), top: Math.floor((buf.info.height - H) / 2), width: W, height: H });
    } else img = img.resize(W, H, { fit: 'fill', kernel: 'lanczos3' });
  } else {
    img = img.extract(randomCrop(w0, h0, rand)).resize(W, H, { fit: 'fill', kernel: 'lanczos3' });
    flip = rand() < 0.5;
    // Light colour jitter: brightness and contrast within ±10 %.
    jitter = [1 + (rand() - 0.5) * 0.2, (rand() - 0.5) * 0.2];
  }
  if (flip) img = img.flop();
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  const out = new Float32Array(H * W * 3);
  const c = info.channels;
  for (let i = 0; i < H * W; i++) {
    for (let k = 0; k < 3; k++) {
      const v = data[i * c + (c >= 3 ? k : 0)]! / 255;
      const j = (v - 0.5) * jitter[0] + 0.5 + jitter[1];
      out[i * 3 + k] = (j - p.mean[k]!) / p.std[k]!;
    }
  }
  return out;
}

export function imageEncoder(p: ImagePreprocessing, views: number): ItemEncoder {
  return {
    key: JSON.stringify({ kind: 'image', v: 1, ...p }),
    views,
    async encode(items: readonly PlanItem[], view: number) {
      const [H, W] = p.size;
      const buf = new Float32Array(items.length * H * W * 3);
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!;
        if (!it.path) throw new Error(`item ${it.itemId} has no image file`);
        buf.set(await loadRgb(it.path, p, view, mixSeed(hashString(it.contentHash), view)), i * H * W * 3);
      }
      return { pixels: tf.tensor4d(buf, [items.length, H, W, 3]) };
    },
  };
}
