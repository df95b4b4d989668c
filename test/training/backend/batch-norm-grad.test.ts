import { describe, expect, it } from 'vitest';
import * as tf from '../../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingGradients } from '../../../electron/core/training/backend/gradients/batch-norm';

function rand(n: number, seed: number, lo = -0.5): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 + lo;
  }
  return out;
}

/** Gradients of Σ r·batchNorm(x) with respect to x, mean, variance, offset and scale. */
function bnGrads(shape: number[]): Float32Array[] {
  const c = shape[shape.length - 1]!;
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tidy(() => {
    const x = tf.tensor(rand(n, 1), shape);
    const r = tf.tensor(rand(n, 2), shape);
    const mean = tf.tensor1d(rand(c, 3));
    const variance = tf.tensor1d(rand(c, 4, 0.1));
    const offset = tf.tensor1d(rand(c, 5));
    const scale = tf.tensor1d(rand(c, 6, 0.5));
    const f = (x: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
      tf.batchNorm(x, m as tf.Tensor1D, v as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D, 1e-5).mul(r).sum();
    return tf.grads(f)([x, mean, variance, offset, scale]).map((g) => g.dataSync() as Float32Array);
  });
}

const maxRel = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!) / Math.max(1, Math.abs(b[i]!))), 0);

describe('BatchNorm gradient without full-size tiles', () => {
  it('gives tfjs-core’s own gradients for x, mean, variance, offset and scale (cpu and wasm; 4-D and 2-D)', async () => {
    const shapes = [
      [2, 5, 4, 6],
      [7, 3],
    ];
    const before: Float32Array[][] = [];
    for (const b of ['cpu', 'wasm']) {
      await tf.setBackend(b);
      for (const s of shapes) before.push(bnGrads(s));
    }
    expect(registerTrainingGradients()).toBe(true);
    expect(registerTrainingGradients()).toBe(false); // once
    let k = 0;
    for (const b of ['cpu', 'wasm']) {
      await tf.setBackend(b);
      for (const s of shapes) {
        const after = bnGrads(s);
        after.forEach((g, i) => expect(maxRel(g, before[k]![i]!), `${b} ${s} input ${i}`).toBeLessThan(1e-5));
        k++;
      }
    }
  });

  it('no longer tiles, and does not leak', async () => {
    await tf.setBackend('cpu');
    registerTrainingGradients();
    const kernels: string[] = [];
    bnGrads([2, 5, 4, 6]);
    const before = tf.memory().numTensors;
    const p = await tf.profile(() => void bnGrads([2, 5, 4, 6]));
    p.kernels.forEach((k) => kernels.push(k.name));
    expect(kernels).not.toContain('Tile');
    expect(tf.memory().numTensors).toBe(before);
  });
});
