import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../electron/core/training/backend/wasm-kernels/register';
import { rand, type ConvCase as Case } from './helpers/conv-cases';

const cases: Case[] = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 5], stride: 2, pad: 'same' },
  { x: [1, 9, 9, 2], f: [3, 3, 2, 3], stride: 2, pad: 'valid' },
  { x: [3, 10, 8, 4], f: [1, 1, 4, 6], stride: 2, pad: 'valid' },
  { x: [2, 11, 11, 3], f: [7, 7, 3, 4], stride: 2, pad: [[0, 0], [3, 3], [3, 3], [0, 0]] },
  { x: [2, 8, 9, 2], f: [2, 3, 2, 3], stride: [2, 1], pad: 'same' },
  { x: [1, 12, 12, 3], f: [4, 4, 3, 8], stride: 4, pad: 'valid' }, // ViT-style patch embedding
];

async function filterGrad(backend: string, c: Case): Promise<Float32Array> {
  await tf.setBackend(backend);
  const xs = tf.tensor4d(rand(c.x.reduce((a, b) => a * b), 1), c.x);
  const fs = tf.tensor4d(rand(c.f.reduce((a, b) => a * b), 2), c.f);
  const g = tf.grad((f: tf.Tensor) => tf.conv2d(xs, f as tf.Tensor4D, c.stride, c.pad).square().sum())(fs);
  const out = (await g.data()) as Float32Array;
  tf.dispose([xs, fs, g]);
  return out;
}

describe('wasm Conv2DBackpropFilter', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
  });

  it('was missing from tfjs-backend-wasm and is now registered', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(registerWasmTrainingKernels()).toEqual([]); // idempotent
  });

  for (const c of cases) {
    it(`matches cpu for x=${c.x} f=${c.f} stride=${c.stride} pad=${JSON.stringify(c.pad)}`, async () => {
      const cpu = await filterGrad('cpu', c);
      const wasm = await filterGrad('wasm', c);
      expect(wasm.length).toBe(cpu.length);
      let maxDiff = 0;
      for (let i = 0; i < cpu.length; i++) maxDiff = Math.max(maxDiff, Math.abs(cpu[i]! - wasm[i]!) / Math.max(1, Math.abs(cpu[i]!)));
      expect(maxDiff).toBeLessThan(1e-4);
    });
  }

  it('matches cpu for NCHW data format', async () => {
    const run = async (b: string) => {
      await tf.setBackend(b);
      const xs = tf.tensor4d(rand(2 * 3 * 36, 3), [2, 3, 6, 6]);
      const dy = tf.tensor4d(rand(2 * 2 * 9, 4), [2, 2, 3, 3]);
      const attrs = { strides: 2, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 2] };
      const g = tf.engine().runKernel('Conv2DBackpropFilter', { x: xs, dy }, attrs as never) as tf.Tensor;
      const v = (await g.data()) as Float32Array;
      tf.dispose([xs, dy, g]);
      return v;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(wasm.length).toBe(cpu.length);
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(cpu[i]! - wasm[i]!)).toBeLessThan(1e-4);
  });

  it('does not leak tensors', async () => {
    await filterGrad('cpu', cases[1]!);
    await filterGrad('wasm', cases[1]!); // first call on a backend may cache constants
    const before = tf.memory().numTensors;
    await filterGrad('wasm', cases[1]!);
    await filterGrad('wasm', cases[4]!);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('UnsortedSegmentSum (gather gradient) matches cpu', async () => {
    const run = async (b: string) => {
      await tf.setBackend(b);
      const table = tf.tensor2d(rand(10 * 4, 5), [10, 4]);
      const idx = tf.tensor1d([1, 3, 1, 9, 0], 'int32');
      const g = tf.grad((t: tf.Tensor) => tf.gather(t, idx).mul(tf.range(0, 20).reshape([5, 4])).sum())(table);
      const v = (await g.data()) as Float32Array;
      tf.dispose([table, idx, g]);
      return v;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(cpu[i]! - wasm[i]!)).toBeLessThan(1e-4);
  });
});
