import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone, type LoadedBackbone } from '../../electron/core/backbones/load';
import type { BackboneInput } from '../../electron/core/backbones/types';
import { embed } from '../../electron/core/backbones/service/embed';
import { openTrunkEngine, OrtTrunk, wantedInferenceEngine } from '../../electron/core/onnx/engine';
import type { FeatureCache } from '../../electron/core/training/engine/feature-cache';
import { computeFeatures } from '../../electron/core/training/engine/features';
import type { PlanItem } from '../../electron/core/training/data/types';
import { nchwToNhwc } from '../backbones/helpers';
import { readNpy } from '../helpers/npy';
import { maxAbsDiff, PARITY } from './helpers';

const memoryCache = () => {
  const m = new Map<string, unknown>();
  return { get: (k: string) => m.get(k) ?? null, put: (k: string, v: unknown) => void m.set(k, v) } as unknown as FeatureCache;
};

describe('STUDIO_INFERENCE', () => {
  it('defaults to ort, accepts tfjs/ort, refuses anything else by name', () => {
    expect(wantedInferenceEngine(undefined)).toBe('ort');
    expect(wantedInferenceEngine(' TFJS ')).toBe('tfjs');
    expect(wantedInferenceEngine('ort')).toBe('ort');
    expect(() => wantedInferenceEngine('cuda')).toThrow(/STUDIO_INFERENCE="cuda" is not an inference engine/);
  });

  it('tfjs, a custom loader or full fine-tuning give no ORT engine, each with its reason', async () => {
    const dir = join(PARITY, 'timm-vit');
    const prev = process.env.STUDIO_INFERENCE;
    process.env.STUDIO_INFERENCE = 'tfjs';
    try {
      const t = await openTrunkEngine(dir, 'features');
      expect(t.engine).toBeNull();
      expect(t.info().label).toMatch(/STUDIO_INFERENCE=tfjs/);
    } finally {
      if (prev === undefined) delete process.env.STUDIO_INFERENCE;
      else process.env.STUDIO_INFERENCE = prev;
    }
    expect((await openTrunkEngine(null, 'features')).info().label).toMatch(/custom loader/);
    expect((await openTrunkEngine(dir, 0)).info().label).toMatch(/nothing is frozen/);
  });
});

describe('the frozen trunk on ONNX Runtime fills the feature cache as tfjs does', () => {
  let vit: LoadedBackbone;
  let bert: LoadedBackbone;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    vit = await loadBackbone(join(PARITY, 'timm-vit'));
    bert = await loadBackbone(join(PARITY, 'hf-bert'));
  });
  afterAll(() => {
    vit?.backbone.dispose();
    bert?.backbone.dispose();
  });

  const items = (n: number): PlanItem[] => Array.from({ length: n }, (_, i) => ({ itemId: i, contentHash: `h${i}`, label: 0, subset: 'test' }));

  it('ViT probe features (NHWC pixels from the encoder) through computeFeatures: ORT equals tfjs, provider recorded', async () => {
    const x = readNpy(join(PARITY, 'timm-vit', 'input.npy'));
    const encoder = { key: 'k', views: 1, encode: async (): Promise<BackboneInput> => ({ pixels: nchwToNhwc(x) }) };
    const base = { encoder, weightsHash: 'w', gate: async () => {}, onProgress: () => {}, chunk: 2 };
    const trunk = await openTrunkEngine(join(PARITY, 'timm-vit'), 'features');
    expect(trunk.info().label).toMatch(/not started/);
    const viaOrt = await computeFeatures(items(2), { ...base, backbone: vit.backbone, cache: memoryCache(), cut: 'features', trunkEngine: trunk.engine });
    const viaTfjs = await computeFeatures(items(2), { ...base, backbone: vit.backbone, cache: memoryCache(), cut: 'features' });
    expect(viaOrt.computed).toBe(2);
    for (let i = 0; i < 2; i++) {
      expect(viaOrt.acts[i]![0]!.x.shape).toEqual([64]);
      expect(maxAbsDiff(viaOrt.acts[i]![0]!.x.data, viaTfjs.acts[i]![0]!.x.data)).toBeLessThanOrEqual(1e-4);
    }
    const ref = readNpy(join(PARITY, 'timm-vit', 'features.npy'));
    expect(maxAbsDiff(viaOrt.acts[1]![0]!.x.data, (ref.data as Float32Array).subarray(64))).toBeLessThanOrEqual(1e-4);
    const info = trunk.info();
    expect(info).toMatchObject({ engine: 'ort', ep: 'cpu' });
    expect(info.label).toMatch(/^onnxruntime-node \d+\.\d+\.\d+ \(cpu; cuda: /);
    await trunk.engine!.release();
  });

  it('BERT finetune trunk (cut 1): hidden states and the mask go into the cache as tfjs puts them', async () => {
    const dir = join(PARITY, 'hf-bert');
    const t = (name: string) => {
      const a = readNpy(join(dir, name));
      return tf.tensor2d(Int32Array.from(a.data), a.shape as [number, number], 'int32');
    };
    const encoder = { key: 'k', views: 1, encode: async (): Promise<BackboneInput> => ({ inputIds: t('input_ids.npy'), attentionMask: t('attention_mask.npy'), tokenTypeIds: t('token_type_ids.npy') }) };
    const base = { encoder, weightsHash: 'w', gate: async () => {}, onProgress: () => {}, chunk: 8 };
    const engine = await OrtTrunk.open(dir);
    const before = tf.memory().numTensors;
    const viaOrt = await computeFeatures(items(8), { ...base, backbone: bert.backbone, cache: memoryCache(), cut: 1, trunkEngine: engine });
    const mid = tf.memory().numTensors;
    const viaTfjs = await computeFeatures(items(8), { ...base, backbone: bert.backbone, cache: memoryCache(), cut: 1 });
    // Neither path leaves a tensor behind (the mask's float copy included).
    expect([mid, tf.memory().numTensors]).toEqual([before, before]);
    for (let i = 0; i < 8; i++) {
      const [o, j] = [viaOrt.acts[i]![0]!, viaTfjs.acts[i]![0]!];
      expect(o.x.shape).toEqual(j.x.shape);
      expect(maxAbsDiff(o.x.data, j.x.data)).toBeLessThanOrEqual(1e-4);
      expect(Array.from(o.mask!.data)).toEqual(Array.from(j.mask!.data));
    }
    await engine.release();
  });

  it('a folder ORT cannot open falls back to tfjs with the reason instead of failing the job', async () => {
    const engine = await OrtTrunk.open(join(PARITY, 'timm-vit'));
    // Point the engine at a checkpoint that is not there: the session never starts.
    Object.assign(engine, { dir: join(PARITY, 'no-such-folder') });
    const x = readNpy(join(PARITY, 'timm-vit', 'input.npy'));
    const pixels = nchwToNhwc(x);
    expect(await engine.run({ pixels }, 'features')).toBeNull();
    expect(engine.info()).toMatchObject({ engine: 'tfjs' });
    expect(engine.info().label).toMatch(/ONNX Runtime could not start: .*model\.safetensors/);
    await engine.release();
    pixels.dispose();
  });

  it('embed (--pixels) runs on ONNX Runtime, says so, and gives the PyTorch features; STUDIO_INFERENCE=tfjs gives the same numbers', async () => {
    const dir = join(PARITY, 'hf-vit');
    const ref = readNpy(join(dir, 'features.npy'));
    const viaOrt = await embed(dir, { kind: 'pixels', path: join(dir, 'input.npy') });
    expect(viaOrt.inference).toMatch(/^onnxruntime-node .*\(cpu/);
    expect(maxAbsDiff(viaOrt.data, ref.data)).toBeLessThanOrEqual(1e-4);
    const prev = process.env.STUDIO_INFERENCE;
    process.env.STUDIO_INFERENCE = 'tfjs';
    try {
      const viaTfjs = await embed(dir, { kind: 'pixels', path: join(dir, 'input.npy') });
      expect(viaTfjs.inference).toMatch(/^tfjs/);
      expect(maxAbsDiff(viaTfjs.data, viaOrt.data)).toBeLessThanOrEqual(1e-4);
    } finally {
      if (prev === undefined) delete process.env.STUDIO_INFERENCE;
      else process.env.STUDIO_INFERENCE = prev;
    }
  });
});
