import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../electron/core/training/backend/wasm-kernels/register';
import { rand, type ConvCase as Case } from '../helpers/conv-cases';

// ResNet's shapes (1×1, 3×3 with stride 1 and 2, the 7×7 stem, a strided 1×1 downsample), odd sizes, uneven strides.
const cases: Case[] = [
  { x: [2, 7, 7, 6], f: [1, 1, 6, 4], stride: 1, pad: 0 },
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], stride: 1, pad: 1 },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 5], stride: 2, pad: 1 },
  { x: [2, 9, 9, 3], f: [3, 3, 3, 5], stride: 2, pad: 1 },
  { x: [3, 10, 8, 4], f: [1, 1, 4, 6], stride: 2, pad: 'valid' },
  { x: [1, 9, 9, 2], f: [3, 3, 2, 3], stride: 2, pad: 'valid' },
  { x: [2, 11, 11, 3], f: [7, 7, 3, 4], stride: 2, pad: 3 },
  { x: [2, 8, 9, 2], f: [2, 3, 2, 3], stride: [2, 1], pad: 'same' },
  { x: [1, 12, 12, 3], f: [4, 4, 3, 8], stride: 4, pad: 'valid' },
];

/** dL/dx of sum(conv(x, f) · r) for a fixed random r: the kernel under test, as training reaches it. */
async function inputGrad(backend: string, c: Case): Promise<Float32Array> {
  await tf.setBackend(backend);
  const xs = tf.tensor4d(rand(c.x.reduce((a, b) => a * b), 1), c.x);
  const fs = tf.tensor4d(rand(c.f.reduce((a, b) => a * b), 2), c.f);
  const y = tf.conv2d(xs, fs, c.stride, c.pad);
  const r = tf.tensor(rand(y.size, 3), y.shape);
  const g = tf.grad((x: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, fs, c.stride, c.pad).mul(r).sum())(xs);
  const out = (await g.data()) as Float32Array;
  tf.dispose([xs, fs, y, r, g]);
  return out;
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('wasm Conv2DBackpropInput through XNNPACK', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
  });

  it('replaces the shipped loop once (a second registration changes nothing)', () => {
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc.name).toBe('studioConv2DBackpropInput');
    expect(registerWasmTrainingKernels()).toEqual([]);
  });

  for (const c of cases) {
    it(`matches the cpu backend for x=${c.x} f=${c.f} stride=${c.stride} pad=${JSON.stringify(c.pad)}`, async () => {
      const cpu = await inputGrad('cpu', c);
      const wasm = await inputGrad('wasm', c);
      expect(wasm.length).toBe(cpu.length);
      expect(maxDiff(cpu, wasm)).toBeLessThan(1e-5);
    });
  }

  it('matches cpu in NCHW', async () => {
    const run = async (b: string) => {
      await tf.setBackend(b);
      const dy = tf.tensor4d(rand(2 * 4 * 4 * 4, 4), [2, 4, 4, 4]);
      const f = tf.tensor4d(rand(3 * 3 * 3 * 4, 5), [3, 3, 3, 4]);
      const g = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: f }, { strides: 2, pad: 1, dataFormat: 'NCHW', inputShape: [2, 3, 8, 8] } as never) as tf.Tensor;
      const v = (await g.data()) as Float32Array;
      tf.dispose([dy, f, g]);
      return v;
    };
    expect(maxDiff(await run('cpu'), await run('wasm'))).toBeLessThan(1e-5);
  });

  it('falls back to the shipped kernel where the convolution form needs negative padding (padding wider than the filter)', async () => {
    const c: Case = { x: [1, 5, 5, 2], f: [3, 3, 2, 2], stride: 1, pad: [[0, 0], [3, 3], [3, 3], [0, 0]] };
    expect(maxDiff(await inputGrad('cpu', c), await inputGrad('wasm', c))).toBeLessThan(1e-5);
  });

  it('does not leak tensors', async () => {
    await inputGrad('wasm', cases[3]!);
    const before = tf.memory().numTensors;
    await inputGrad('wasm', cases[3]!);
    await inputGrad('wasm', cases[7]!);
    expect(tf.memory().numTensors).toBe(before);
  });
});
