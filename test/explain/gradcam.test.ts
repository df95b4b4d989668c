import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../electron/core/backbones/load';
import type { Backbone } from '../../electron/core/backbones/types';
import { camCut, gradCam, type CamMaps } from '../../electron/core/explain/gradcam';
import { maxAbsDiff, nchwToNhwc } from '../backbones/helpers';
import type { NpyArray } from '../helpers/npy';
import { runTorchJobs, torchMissing, type TorchJob } from './torch-ref';

const root = join(__dirname, '..', '..');
const STARTER = join(root, 'resources', 'backbones', 'starter-resnet');
// Keyed by the recipe's own hash: a changed recipe makes a new model instead of reusing a stale one.
const recipe = join(root, 'scripts', 'explain', 'gradcam_reference.py');
const VGG = join(root, 'test', '.cache', `explain-vgg11-${createHash('sha256').update(readFileSync(recipe)).digest('hex').slice(0, 12)}`);
const missing = torchMissing('torch, torchvision, numpy');

function pixels(n: number, size: number, seed: number): NpyArray {
  return { shape: [n, 3, size, size], dtype: 'float32', data: Float32Array.from({ length: n * 3 * size * size }, (_, i) => Math.sin((i + seed) * 12.9898) * 1.5) };
}

interface Case {
  ours: CamMaps;
  ref?: Record<string, NpyArray>;
  cut: number;
  leaked: number;
}
const cases = new Map<string, Case>();

beforeAll(async () => {
  if (missing) return;
  await tf.setBackend('wasm');
  await tf.ready();
  // A random vgg11 (torchvision names, small classifier) made once by the reference script (~40 MB, not committed).
  if (!existsSync(join(VGG, 'config.json'))) {
    mkdirSync(VGG, { recursive: true });
    const r = spawnSync('/usr/bin/python3', [recipe, 'make-vgg', '--out', VGG], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`make-vgg failed: ${r.stderr}`);
  }
  const jobs: [string, TorchJob][] = [];
  const add = (name: string, bb: Backbone, dir: string, x: NpyArray, classes: number[] | null) => {
    const t = nchwToNhwc(x);
    const before = tf.memory().numTensors;
    const ours = gradCam({ backbone: bb, logits: (f) => bb.pretrainedHead!.logits(f), input: { pixels: t }, classes: classes?.map((c) => (c < 0 ? null : c)) });
    cases.set(name, { ours, cut: camCut(bb), leaked: tf.memory().numTensors - before });
    t.dispose();
    const arrays: Record<string, NpyArray> = { pixels: x };
    if (classes) arrays.classes = { shape: [classes.length], dtype: 'int32', data: Int32Array.from(classes) };
    jobs.push([name, { args: { dir }, arrays, outs: ['cams', 'logits'] }]);
  };
  const resnet = (await loadBackbone(STARTER)).backbone;
  const vgg = (await loadBackbone(VGG)).backbone;
  try {
    add('resnet', resnet, STARTER, pixels(2, 128, 0), [-1, 3]);
    add('vgg', vgg, VGG, pixels(2, 96, 5), [2, -1]);
  } finally {
    resnet.dispose();
    vgg.dispose();
  }
  const refs = runTorchJobs('gradcam_reference.py', jobs.map(([, j]) => j));
  jobs.forEach(([name], i) => (cases.get(name)!.ref = refs[i]));
}, 180_000);

function check(name: string, shape: number[]) {
  const c = cases.get(name)!;
  expect(c.leaked).toBe(0);
  expect(c.ours.shape).toEqual(shape);
  expect(c.ref!.cams!.shape).toEqual(shape);
  const diff = maxAbsDiff(c.ours.data, c.ref!.cams!.data);
  console.log(`${name} Grad-CAM [${c.ours.shape.join(',')}] classes ${c.ours.classes} max abs diff ${diff.toExponential(2)}`);
  expect(diff).toBeLessThanOrEqual(1e-4);
  // Each map peaks at 1 with structure below, or is all zero: with random weights even the predicted
  // class can have only negative evidence, which the ReLU removes (the reference agrees, checked above).
  // At least one map per model must carry signal, so an all-zero implementation still fails.
  let withSignal = 0;
  for (let i = 0; i < shape[0]!; i++) {
    const m = c.ours.data.subarray(i * shape[1]! * shape[2]!, (i + 1) * shape[1]! * shape[2]!);
    const peak = Math.max(...m);
    if (peak === 0) continue;
    withSignal++;
    expect(peak).toBeCloseTo(1, 6);
    expect(Math.min(...m)).toBeLessThan(0.9);
  }
  expect(withSignal).toBeGreaterThan(0);
  return c;
}

const argmax = (row: ArrayLike<number>) => Array.from(row).indexOf(Math.max(...Array.from(row)));

describe.skipIf(missing !== null)(`Grad-CAM equals pytorch-grad-cam's definition on torchvision models to 1e-4${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('ResNet (the bundled starter, layer4 at 4×4): the predicted class for item 0, class 3 picked for item 1', () => {
    const c = check('resnet', [2, 4, 4]);
    const logits = c.ref!.logits!;
    const k = logits.shape[1]!;
    expect(c.ours.classes[0]).toBe(argmax(logits.data.subarray(0, k)));
    expect(c.ours.classes[1]).toBe(3);
    expect(c.ours.scores.every((s) => s > 0 && s <= 1)).toBe(true);
  });

  it('VGG (vgg11, features[-1] at 3×3): class 2 picked for item 0, the predicted class for item 1', () => {
    expect(cases.get('vgg')!.cut).toBe(5);
    const c = check('vgg', [2, 3, 3]);
    const k = c.ref!.logits!.shape[1]!;
    expect(c.ours.classes[0]).toBe(2);
    expect(c.ours.classes[1]).toBe(argmax(c.ref!.logits!.data.subarray(k, 2 * k)));
  });
});

describe('Grad-CAM on ViT tokens', () => {
  it('reads the tokens entering the last block as a patch grid (timm-vit fixture: 4×4), no tensors left behind', async () => {
    await tf.setBackend('wasm');
    const dir = join(root, 'test', 'fixtures', 'parity', 'timm-vit');
    const vit = (await loadBackbone(dir)).backbone;
    const x = nchwToNhwc(pixels(2, 32, 3));
    const before = tf.memory().numTensors;
    const cam = gradCam({ backbone: vit, logits: (f) => vit.pretrainedHead!.logits(f), input: { pixels: x } });
    expect(tf.memory().numTensors).toBe(before);
    expect(camCut(vit)).toBe(vit.info.numBlocks - 1);
    expect(cam.shape).toEqual([2, 4, 4]);
    expect(cam.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(() => gradCam({ backbone: vit, logits: (f) => vit.pretrainedHead!.logits(f), input: { pixels: x }, classes: [9, null] })).toThrow(/class 9 is not one of the model's 7 classes/);
    x.dispose();
    vit.dispose();
  });
});

describe('Grad-CAM: bad input', () => {
  it('rejects a family without a target layer', () => {
    const odd = { info: { family: 'lstm', numBlocks: 2 } } as unknown as Backbone;
    expect(() => camCut(odd)).toThrow(/no target layer for the lstm family/);
  });
});

describe('Grad-CAM over tokens (text runs)', () => {
  it('BERT fixture + a linear head: one score per token, padding scores 0, each row peaks at 1, no tensors left', async () => {
    await tf.setBackend('wasm');
    const dir = join(root, 'test', 'fixtures', 'parity', 'hf-bert');
    const bert = (await loadBackbone(dir)).backbone;
    const ids = tf.tensor2d([[2, 40, 41, 42, 3, 0, 0], [2, 50, 3, 0, 0, 0, 0]], undefined, 'int32');
    const mask = tf.tensor2d([[1, 1, 1, 1, 1, 0, 0], [1, 1, 1, 0, 0, 0, 0]], undefined, 'int32');
    const W = tf.tensor2d(Float32Array.from({ length: 64 * 3 }, (_, i) => Math.cos(i * 0.7)), [64, 3]);
    const before = tf.memory().numTensors;
    const cam = gradCam({ backbone: bert, logits: (f) => tf.matMul(f, W), input: { inputIds: ids, attentionMask: mask } });
    expect(tf.memory().numTensors).toBe(before);
    expect(cam.shape).toEqual([2, 1, 7]);
    expect(Array.from(cam.data.subarray(5, 7))).toEqual([0, 0]);
    expect(Array.from(cam.data.subarray(10, 14))).toEqual([0, 0, 0, 0]);
    for (const row of [cam.data.subarray(0, 7), cam.data.subarray(7, 14)]) {
      const peak = Math.max(...row);
      expect(peak === 0 || Math.abs(peak - 1) < 1e-6).toBe(true);
    }
    tf.dispose([ids, mask, W]);
    bert.dispose();
  });
});
