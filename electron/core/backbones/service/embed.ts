import type * as tfType from '../../tf/tf';
import { existsSync, statSync } from 'node:fs';
import { StudioError } from '../../../../shared/api/errors';
import type { Backbone, BackboneInput } from '../types';
import { readNpyAsync, type NpyArray } from '../npy';
import { readTextsFile } from './texts-file';
import type { Preprocessing } from '../family-types';

export type EmbedSource = { kind: 'pixels'; path: string } | { kind: 'images'; paths: string[] } | { kind: 'texts'; path: string; maxLength?: number };

export interface EmbedOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Which backend the ladder chose (shown on stderr by the CLI). */
  onBackend?: (name: string) => void;
}

export interface EmbedResult {
  shape: [number, number];
  data: Float32Array;
  backend: string;
  /** What computed the features: ONNX Runtime and its provider, or tfjs (STUDIO_INFERENCE, or ORT could not start). */
  inference?: string;
}

/** Reads and checks everything about the input before any model is loaded, so bad input fails fast. */
async function prepare(source: EmbedSource): Promise<{ count: number; pixels?: NpyArray; texts?: string[] }> {
  if (source.kind === 'pixels') {
    const arr = await readNpyAsync(source.path);
    if (arr.dtype !== 'float32') throw new StudioError('bad_input', `${source.path}: pixels must be float32, got ${arr.dtype}`);
    if (arr.shape.length !== 4 || arr.shape[1] !== 3) {
      throw new StudioError('bad_input', `${source.path}: pixels must be NCHW [N, 3, H, W], got shape (${arr.shape.join(', ')})`);
    }
    if (arr.shape[0] === 0) throw new StudioError('bad_input', `${source.path} holds no images`);
    return { count: arr.shape[0]!, pixels: arr };
  }
  if (source.kind === 'images') {
    if (source.paths.length === 0) throw new StudioError('bad_input', '--images needs at least one file');
    for (const p of source.paths) {
      if (!existsSync(p)) throw new StudioError('bad_input', `${p} does not exist`);
      if (!statSync(p).isFile()) throw new StudioError('bad_input', `${p} is not a file`);
    }
    return { count: source.paths.length };
  }
  if (source.maxLength !== undefined && (!Number.isInteger(source.maxLength) || source.maxLength < 1)) {
    throw new StudioError('bad_input', `--max-length must be a positive integer, got ${source.maxLength}`);
  }
  const texts = await readTextsFile(source.path);
  return { count: texts.length, texts };
}

/** The ladder the training process climbs (native → wasm → cpu); STUDIO_BACKEND forces a rung. */
async function initBackend(): Promise<string> {
  const { climbLadder, parseForcedBackend } = await import('../../training/backend/ladder');
  const { defaultRungs } = await import('../../training/backend/rungs');
  return (await climbLadder(defaultRungs(), parseForcedBackend(process.env.STUDIO_BACKEND))).name;
}

/** Default sequence length cap for `--texts` without `--max-length` (GPT-2's 1024 positions cost 4× the attention memory). */
const DEFAULT_MAX_LENGTH = 512;

/**
 * Features of a backbone folder for raw pixels (NCHW float32, normalised), image files (the
 * backbone's own eval preprocessing) or texts (its tokenizer): float32 [N, featureDim], as BRIEF defines them.
 */
export async function embed(dir: string, source: EmbedSource, opts: EmbedOptions = {}): Promise<EmbedResult> {
  const input = await prepare(source);
  const backend = await initBackend();
  opts.onBackend?.(backend);
  const tf = await import('../../tf/tf');
  const { backbone, preprocessing } = await loadForEmbed(dir);
  try {
    const { modality, featureDim } = backbone.info;
    const wants = source.kind === 'texts' ? 'text' : 'image';
    if (modality !== wants) {
      throw new StudioError('bad_input', `${backbone.info.architecture} is a${modality === 'image' ? 'n image' : ' text'} backbone: give it ${modality === 'image' ? '--pixels or --images' : '--texts'}`);
    }
    const batchOf = batcher(tf, dir, preprocessing, source, input);
    const n = input.count;
    const bs = opts.batchSize ?? (modality === 'image' ? 8 : 16);
    const out = new Float32Array(n * featureDim);
    opts.onProgress?.(0, n);
    const { openTrunkEngine } = await import('../../onnx/engine');
    const ort = await openTrunkEngine(dir, 'features');
    try {
      for (let i = 0; i < n; i += bs) {
        const end = Math.min(n, i + bs);
        const x = await batchOf(i, end);
        try {
          // A wrong image size goes to tfjs, whose error names the size the backbone takes.
          const size = backbone.info.inputSize;
          const fits = !size || !('pixels' in x) || (x.pixels.shape[1] === size[0] && x.pixels.shape[2] === size[1]);
          const r = ort.engine && fits ? await ort.engine.run(x, 'features') : null;
          if (r) out.set(r.data, i * featureDim);
          else {
            const f = backbone.features(x);
            out.set(await f.data<'float32'>(), i * featureDim);
            f.dispose();
          }
        } finally {
          for (const t of Object.values(x) as tfType.Tensor[]) t.dispose();
        }
        opts.onProgress?.(end, n);
      }
    } finally {
      await ort.engine?.release();
    }
    return { shape: [n, featureDim], data: out, backend, inference: ort.info().label };
  } finally {
    backbone.dispose();
  }
}

/** PyTorch's [N, C, H, W] → the tfjs families' [N, H, W, C], on the JS side (no second tensor copy in the backend). */
export function nchwToNhwc(data: Float32Array, n: number, c: number, hw: number): Float32Array {
  const out = new Float32Array(n * c * hw);
  for (let b = 0; b < n; b++) {
    const base = b * c * hw;
    for (let ch = 0; ch < c; ch++) {
      const src = base + ch * hw;
      for (let i = 0; i < hw; i++) out[base + i * c + ch] = data[src + i]!;
    }
  }
  return out;
}

type Batcher = (from: number, to: number) => Promise<BackboneInput>;

/** The family's own loader (families.ts), with the preprocessing (image spec or tokenizer) it read from the folder. */
async function loadForEmbed(dir: string): Promise<{ backbone: Backbone; preprocessing: Preprocessing }> {
  const { loadBackbone } = await import('../load');
  const l = await loadBackbone(dir);
  return { backbone: l.backbone, preprocessing: l.preprocessing };
}

function batcher(tf: typeof tfType, dir: string, pre: Preprocessing, source: EmbedSource, input: Awaited<ReturnType<typeof prepare>>): Batcher {
  if (source.kind === 'pixels') {
    const [, c, h, w] = input.pixels!.shape as [number, number, number, number];
    const per = c * h * w;
    const data = input.pixels!.data as Float32Array;
    return async (from, to) => {
      // NCHW as PyTorch takes it → NHWC as the tfjs families take it.
      return { pixels: tf.tensor4d(nchwToNhwc(data.subarray(from * per, to * per), to - from, c, h * w), [to - from, h, w, c]) };
    };
  }
  if (source.kind === 'images') {
    if (pre.kind !== 'image') throw new StudioError('bad_input', `${dir}: the loader gave no image preprocessing`);
    const [h, w] = pre.spec.inputSize;
    return async (from, to) => ({ pixels: tf.tensor4d(await pre.runBatch(source.paths.slice(from, to)), [to - from, h, w, 3]) });
  }
  if (pre.kind !== 'text') throw new StudioError('bad_input', `${dir}: the loader gave no tokenizer`);
  const tok = pre.tokenizer;
  const maxLength = source.maxLength ?? Math.min(pre.maxLength, DEFAULT_MAX_LENGTH);
  const texts = input.texts!;
  return async (from, to) => {
    // Padding to the batch's longest: the mask hides it, so features do not depend on the batch.
    const enc = tok.encodeBatch(texts.slice(from, to), { maxLength, truncation: true, padding: 'longest' });
    const shape: [number, number] = [to - from, enc.inputIds[0]?.length ?? 0];
    if (shape[1] === 0) throw new StudioError('bad_input', 'every text in the batch tokenized to nothing');
    return {
      inputIds: tf.tensor2d(enc.inputIds, shape, 'int32'),
      attentionMask: tf.tensor2d(enc.attentionMask, shape, 'int32'),
      tokenTypeIds: tf.tensor2d(enc.tokenTypeIds, shape, 'int32'),
    };
  };
}
