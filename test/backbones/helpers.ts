import * as tf from '../../electron/core/tf/tf';
import type { NpyArray } from '../helpers/npy';

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** PyTorch's NCHW input → the NHWC tensor tfjs convolutions take. */
export function nchwToNhwc(x: NpyArray): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.tensor4d(x.data as Float32Array, x.shape as [number, number, number, number]), [0, 2, 3, 1]));
}
