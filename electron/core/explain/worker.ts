import * as tf from '../tf/tf';
import type { z } from 'zod';
import { StudioError } from '../../../shared/api/errors';
import { loadBackbone, type LoadedBackbone } from '../backbones/load';
import { readNpyAsync } from '../backbones/npy';
import { nchwToNhwc } from '../backbones/service/embed';
import type { BackboneInput } from '../backbones/types';
import { writeNpy } from '../backbones/npy';
import type { RunModel } from '../predict/run-model';
import { attentionMaps } from './attention';
import { gradCam } from './gradcam';
import { blend, inputToRgb, pngOf, upsample } from './overlay';
import { attentionRollout } from './rollout';
import { maxInlineAttention, type attentionParamsSchema, type attentionResultSchema, type explainParamsSchema, type explainResultSchema } from './protocol';

type Progress = (p: { done: number; total: number; backend: string }) => void;

// The explorer asks sentence after sentence of one backbone: keep the last one loaded.
let cached: { dir: string; loaded: LoadedBackbone } | null = null;
async function backboneAt(dir: string): Promise<LoadedBackbone> {
  if (cached?.dir === dir) return cached.loaded;
  cached?.loaded.backbone.dispose();
  cached = null;
  cached = { dir, loaded: await loadBackbone(dir) };
  return cached.loaded;
}

/** Default token cap without --max-length (as `embed`): attention memory grows with T². */
const DEFAULT_MAX_LENGTH = 512;

async function readPixels(path: string): Promise<{ n: number; h: number; w: number; nhwc: Float32Array }> {
  const arr = await readNpyAsync(path);
  if (arr.dtype !== 'float32') throw new StudioError('bad_input', `${path}: pixels must be float32, got ${arr.dtype}`);
  if (arr.shape.length !== 4 || arr.shape[1] !== 3) throw new StudioError('bad_input', `${path}: pixels must be NCHW [N, 3, H, W], got shape (${arr.shape.join(', ')})`);
  const [n, , h, w] = arr.shape as [number, number, number, number];
  if (n === 0) throw new StudioError('bad_input', `${path} holds no images`);
  return { n, h, w, nhwc: nchwToNhwc(arr.data as Float32Array, n, 3, h * w) };
}

const patchTokens = (t: number) => ['[CLS]', ...Array.from({ length: t - 1 }, (_, i) => `patch ${i}`)];

/** Attention probabilities of a backbone folder for texts, pixels or image files (the `attention` model-process method). */
export async function handleAttention(p: z.output<typeof attentionParamsSchema>, backend: string, progress: Progress): Promise<z.input<typeof attentionResultSchema>> {
  const { backbone, preprocessing } = await backboneAt(p.backboneDir);
  const { info } = backbone;
  const src = p.source;
  const wants = src.kind === 'texts' ? 'text' : 'image';
  if (info.modality !== wants) {
    throw new StudioError('bad_input', `${info.architecture} is a${info.modality === 'image' ? 'n image' : ' text'} backbone: give it ${info.modality === 'image' ? '--pixels (or images)' : '--texts'}`);
  }
  // Every batch built up front as plain arrays; tensors one batch at a time.
  const batches: Array<() => BackboneInput> = [];
  let tokens: string[][] = [];
  let n: number;
  if (src.kind === 'texts') {
    if (preprocessing.kind !== 'text') throw new StudioError('bad_input', `${p.backboneDir}: the loader gave no tokenizer`);
    const tok = preprocessing.tokenizer;
    const maxLength = src.maxLength ?? Math.min(preprocessing.maxLength, DEFAULT_MAX_LENGTH);
    // T: padded to --max-length when given, else to the longest text (the contract's T).
    const enc = tok.encodeBatch(src.texts, { maxLength, truncation: true, padding: src.maxLength !== undefined ? 'max_length' : 'longest' });
    const t = enc.inputIds[0]?.length ?? 0;
    if (t === 0) throw new StudioError('bad_input', 'every text tokenized to nothing');
    tokens = src.texts.map((text) => tok.encode(text, null, { maxLength: t, truncation: true, padding: 'max_length' }).tokens);
    n = src.texts.length;
    for (let i = 0; i < n; i += 8) {
      const rows = (a: number[][]) => a.slice(i, i + 8);
      batches.push(() => {
        const shape: [number, number] = [rows(enc.inputIds).length, t];
        return {
          inputIds: tf.tensor2d(rows(enc.inputIds), shape, 'int32'),
          attentionMask: tf.tensor2d(rows(enc.attentionMask), shape, 'int32'),
          tokenTypeIds: tf.tensor2d(rows(enc.tokenTypeIds), shape, 'int32'),
        };
      });
    }
  } else if (src.kind === 'pixels') {
    const px = await readPixels(src.path);
    n = px.n;
    const per = px.h * px.w * 3;
    for (let i = 0; i < n; i += 8) {
      const m = Math.min(8, n - i);
      batches.push(() => ({ pixels: tf.tensor4d(px.nhwc.subarray(i * per, (i + m) * per), [m, px.h, px.w, 3]) }));
    }
  } else {
    if (preprocessing.kind !== 'image') throw new StudioError('bad_input', `${p.backboneDir}: the loader gave no image preprocessing`);
    const [h, w] = preprocessing.spec.inputSize;
    n = src.paths.length;
    const data = await preprocessing.runBatch(src.paths);
    const per = h * w * 3;
    for (let i = 0; i < n; i += 8) {
      const m = Math.min(8, n - i);
      batches.push(() => ({ pixels: tf.tensor4d(data.subarray(i * per, (i + m) * per), [m, h, w, 3]) }));
    }
  }

  let out: Float32Array | null = null;
  let shape: [number, number, number, number, number] | null = null;
  let done = 0;
  progress({ done, total: n, backend });
  for (const make of batches) {
    const input = make();
    try {
      const maps = attentionMaps(backbone, input);
      if (!shape) {
        shape = [n, maps.shape[1], maps.shape[2], maps.shape[3], maps.shape[4]];
        const total = shape.reduce((a, b) => a * b, 1);
        if (total * 4 > 2 ** 31 - 1) throw new StudioError('bad_input', `attention [${shape.join(', ')}] is over 2 GB: give fewer texts or a smaller --max-length`);
        if (!p.out && total > maxInlineAttention) throw new StudioError('bad_input', `attention [${shape.join(', ')}] is too large to return inline: write it to a file`);
        out = new Float32Array(total);
      }
      out!.set(maps.data, done * (maps.data.length / maps.shape[0]));
      done += maps.shape[0];
    } finally {
      tf.dispose(Object.values(input) as tf.Tensor[]);
    }
    progress({ done, total: n, backend });
  }
  if (src.kind !== 'texts') tokens = Array.from({ length: n }, () => patchTokens(shape![3]));
  if (p.out) await writeNpy(p.out, { shape: shape!, dtype: 'float32', data: out! });
  return { shape: shape!, tokens, data: p.out ? null : Array.from(out!), family: info.family, architecture: info.architecture, backend };
}

/** Why a run predicted what it did, for items or raw pixels (the `explain` model-process method). */
export async function handleExplain(
  model: RunModel,
  p: z.output<typeof explainParamsSchema>,
  backend: string,
  progress: Progress,
): Promise<z.input<typeof explainResultSchema>> {
  const { backbone, head } = model;
  const { info } = backbone;
  const text = info.modality === 'text';
  const rollout = info.family === 'vit' && p.method !== 'gradcam';
  if (p.method === 'rollout' && info.family !== 'vit') throw new StudioError('bad_input', `attention rollout needs a ViT run; run #${model.spec.runId} uses ${info.architecture}`);
  if (p.classIndex !== null && p.classIndex >= model.spec.labels.length) {
    throw new StudioError('bad_input', `class ${p.classIndex} is not one of the run's ${model.spec.labels.length} labels`);
  }
  const logitsOf = (f: tf.Tensor2D) => head.apply(f, false, 0);
  const px = p.pixels ? await readPixels(p.pixels) : null;
  const n = px ? px.n : p.items.length;
  if (n === 0) throw new StudioError('bad_input', 'nothing to explain');
  const tokenizer = text ? (await import('../backbones/tokenizers/load')).loadTokenizer(model.spec.backbone.dir) : null;
  const items: z.input<typeof explainResultSchema>['items'] = [];
  progress({ done: 0, total: n, backend });
  const B = 4;
  for (let i = 0; i < n; i += B) {
    const m = Math.min(B, n - i);
    const input: BackboneInput = px
      ? { pixels: tf.tensor4d(px.nhwc.subarray(i * px.h * px.w * 3, (i + m) * px.h * px.w * 3), [m, px.h, px.w, 3]) }
      : await model.encoder.encode(p.items.slice(i, i + m), 0);
    try {
      const classes = Array.from({ length: m }, () => p.classIndex);
      let maps: { data: Float32Array; shape: [number, number, number]; classes: number[]; scores: number[] };
      if (rollout) {
        const r = attentionRollout(attentionMaps(backbone, input));
        const probs = tf.tidy(() => tf.softmax(logitsOf(backbone.features(input))).arraySync() as number[][]);
        const chosen = probs.map((row, k) => classes[k] ?? row.indexOf(Math.max(...row)));
        maps = { ...r, classes: chosen, scores: chosen.map((c, k) => probs[k]![c]!) };
      } else {
        maps = gradCam({ backbone, logits: logitsOf, input, classes });
      }
      const [, h, w] = maps.shape;
      const pixels = 'pixels' in input ? ((await input.pixels.data()) as Float32Array) : null;
      for (let k = 0; k < m; k++) {
        const cam = Array.from(maps.data.subarray(k * h * w, (k + 1) * h * w));
        let tokens: string[] | null = null;
        if (text && 'inputIds' in input) {
          const t = input.inputIds.shape[1];
          const item = p.items[i + k]!;
          tokens = (await tokenizer!).encode(item.text ?? '', null, { maxLength: t, truncation: true, padding: 'max_length' }).tokens;
        }
        let inputPng: string | null = null;
        let overlayPng: string | null = null;
        if ((p.withInputs || p.withOverlays) && pixels) {
          const [, ih, iw] = (input as { pixels: tf.Tensor4D }).pixels.shape;
          const per = ih * iw * 3;
          const rgb = inputToRgb(pixels.subarray(k * per, (k + 1) * per), ih, iw);
          if (p.withInputs) inputPng = (await pngOf(rgb, iw, ih)).toString('base64');
          if (p.withOverlays) overlayPng = (await pngOf(blend(rgb, upsample(cam, h, w, ih, iw), 0.45), iw, ih)).toString('base64');
        }
        items.push({ classIndex: maps.classes[k]!, score: maps.scores[k]!, cam, h, w, tokens, inputPng, overlayPng });
      }
    } finally {
      tf.dispose(Object.values(input) as tf.Tensor[]);
    }
    progress({ done: Math.min(n, i + m), total: n, backend });
  }
  return { method: rollout ? 'rollout' : text ? 'gradcam-tokens' : 'gradcam', items, backend };
}
