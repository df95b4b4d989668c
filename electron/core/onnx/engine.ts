import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { StudioError } from '../../../shared/api/errors';
import { SafetensorsReader } from '../backbones/safetensors';
import type { BackboneInput } from '../backbones/types';
import { buildOnnxGraph } from './build';
import { configImageSize } from './families/image-io';
import { floatFeed, int64Feed, runOutput, type HostArray } from './run';
import { createSession, type OrtChoice } from './session';
import { OnnxWeights } from './weights';

export type InferenceEngineName = 'ort' | 'tfjs';

/** STUDIO_INFERENCE=tfjs|ort forces the engine for the frozen trunk; ORT by default. */
export function wantedInferenceEngine(value = process.env.STUDIO_INFERENCE): InferenceEngineName {
  const v = value?.trim().toLowerCase();
  if (!v || v === 'ort' || v === 'onnxruntime') return 'ort';
  if (v === 'tfjs') return 'tfjs';
  throw new StudioError('bad_input', `STUDIO_INFERENCE="${value}" is not an inference engine; use ort or tfjs`);
}

/** What ran the frozen part, as shown and recorded beside the tfjs training backend. */
export interface InferenceInfo {
  engine: InferenceEngineName;
  /** e.g. 'onnxruntime-node 1.30.0 (cpu; cuda: provider library … not installed)', or 'tfjs (STUDIO_INFERENCE=tfjs)' */
  label: string;
  ep?: string;
  skipped?: Array<{ name: string; reason: string }>;
}

/**
 * The frozen trunk (or the whole feature extractor) of one backbone folder, run by ONNX Runtime.
 * Takes the same tfjs inputs the studio's encoders make (NHWC pixels, token ids) and returns what
 * Backbone.trunk / Backbone.features would, so the feature cache cannot tell the engines apart.
 * One session per (cut, image size), built on first use from the folder's own checkpoint.
 */
export class OrtTrunk {
  private readonly sessions = new Map<string, Promise<{ session: Ort.InferenceSession; inputs: string[]; output: string }>>();
  private weights: Promise<OnnxWeights> | null = null;
  choice: OrtChoice | null = null;
  private failed: string | null = null;

  private constructor(
    readonly dir: string,
    private readonly config: Record<string, unknown>,
    private readonly threads?: number,
  ) {}

  static async open(dir: string, threads?: number): Promise<OrtTrunk> {
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    return new OrtTrunk(dir, config, threads);
  }

  private loadWeights(): Promise<OnnxWeights> {
    this.weights ??= (async () => {
      const reader = await SafetensorsReader.open(join(this.dir, 'model.safetensors'));
      try {
        return await OnnxWeights.fromReader(reader);
      } finally {
        await reader.close();
      }
    })();
    return this.weights;
  }

  private session(cut: number | 'features', imageSize?: [number, number]) {
    const key = `${cut}@${imageSize?.join('x') ?? ''}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = (async () => {
        const graph = buildOnnxGraph({ config: this.config, weights: await this.loadWeights(), cut: cut === 'features' ? undefined : cut, pixelLayout: 'nhwc', imageSize });
        const { session, choice } = await createSession(graph.bytes, this.threads);
        this.choice = choice;
        return { session, inputs: graph.inputs, output: graph.outputs[0]! };
      })();
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Opens the session for `cut` now (so the provider choice is known before the first batch). */
  async prepare(cut: number | 'features', imageSize?: [number, number]): Promise<OrtChoice> {
    await this.session(cut, imageSize);
    return this.choice!;
  }

  /** Opens the session an encoder's batches will use: images at config.json's input size (the crop the encoder makes). */
  async prepareDefault(cut: number | 'features'): Promise<OrtChoice> {
    const text = this.config.model_type === 'bert' || this.config.model_type === 'gpt2';
    return this.prepare(cut, text ? undefined : configImageSize(this.config));
  }

  /** Trunk / features for one batch; null when ONNX Runtime could not start (the caller runs tfjs; info() says why). */
  async run(input: BackboneInput, cut: number | 'features'): Promise<HostArray | null> {
    if (this.failed) return null;
    try {
      if ('pixels' in input) {
        const p = input.pixels;
        const { session, output } = await this.session(cut, [p.shape[1], p.shape[2]]);
        return await runOutput(session, { pixel_values: floatFeed(p.dataSync() as Float32Array, [...p.shape]) }, output);
      }
      const { session, inputs, output } = await this.session(cut);
      const shape = [...input.inputIds.shape];
      const feeds: Record<string, Ort.Tensor> = {
        input_ids: int64Feed(input.inputIds.dataSync(), shape),
        attention_mask: int64Feed(input.attentionMask.dataSync(), shape),
      };
      if (inputs.includes('token_type_ids')) {
        feeds.token_type_ids = int64Feed(input.tokenTypeIds ? input.tokenTypeIds.dataSync() : new Int32Array(shape[0]! * shape[1]!), shape);
      }
      return await runOutput(session, feeds, output);
    } catch (e) {
      // Only a session that never started falls back; a failure mid-run is a real error.
      if (this.choice) throw e;
      this.failed = (e as Error).message.split('\n')[0]!.slice(0, 300);
      return null;
    }
  }

  info(): InferenceInfo {
    if (this.failed) return { engine: 'tfjs', label: `tfjs (ONNX Runtime could not start: ${this.failed})` };
    const c = this.choice;
    if (!c) return { engine: 'ort', label: 'onnxruntime-node (not started: every activation came from the cache)' };
    return { engine: 'ort', label: c.label, ep: c.ep, skipped: c.attempts.map((a) => ({ name: a.ep, reason: a.reason ?? '' })) };
  }

  async release(): Promise<void> {
    // A session that never started has nothing to release (its failure is already in info()).
    for (const s of this.sessions.values()) await s.then((x) => x.session.release(), () => undefined);
    this.sessions.clear();
  }
}

/**
 * The trunk engine for a backbone folder under STUDIO_INFERENCE, or null for tfjs. Nothing is built until
 * the first batch needs the trunk, so a run whose activations are all cached pays nothing for ORT.
 */
export async function openTrunkEngine(dir: string | null, cut: number | 'features'): Promise<{ engine: OrtTrunk | null; info: () => InferenceInfo }> {
  if (dir === null) return { engine: null, info: () => ({ engine: 'tfjs', label: 'tfjs (a custom loader module builds this backbone: no checkpoint to export)' }) };
  if (wantedInferenceEngine() === 'tfjs') return { engine: null, info: () => ({ engine: 'tfjs', label: 'tfjs (STUDIO_INFERENCE=tfjs)' }) };
  if (cut === 0) return { engine: null, info: () => ({ engine: 'tfjs', label: 'tfjs (full fine-tuning: nothing is frozen)' }) };
  const t = await OrtTrunk.open(dir);
  return { engine: t, info: () => t.info() };
}

const shared = new Map<string, Promise<OrtTrunk>>();

/**
 * For the long-lived model process (predict, evaluation, assist): one OrtTrunk per backbone folder, kept
 * with its sessions for the process's life, as that process keeps its tfjs backbone. Null under
 * STUDIO_INFERENCE=tfjs, for a custom loader module, or for full fine-tuning (cut 0).
 */
export async function sharedTrunkEngine(dir: string | null, cut: number | 'features'): Promise<OrtTrunk | null> {
  if (dir === null || cut === 0 || wantedInferenceEngine() === 'tfjs') return null;
  let t = shared.get(dir);
  if (!t) {
    t = OrtTrunk.open(dir);
    shared.set(dir, t);
  }
  return t;
}
