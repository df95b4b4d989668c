import { describe, expect, it } from 'vitest';
import { permute } from '../../electron/core/backbones/params';

/** Reference permutation by index arithmetic, to check the fast paths against. */
function naive(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  const out = new Float32Array(data.length);
  const outShape = perm.map((p) => shape[p]);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    let rem = flat;
    for (let k = shape.length - 1; k >= 0; k--) {
      idx[k] = rem % shape[k];
      rem = Math.floor(rem / shape[k]);
    }
    let o = 0;
    for (let k = 0; k < perm.length; k++) o = o * outShape[k] + idx[perm[k]];
    out[o] = data[flat];
  }
  return out;
}

describe('permute (PyTorch → tfjs layouts on the JS side)', () => {
  const cases: [number[], number[]][] = [
    [[70, 130], [1, 0]], // linear, crosses the 64-wide tiles
    [[5, 3, 3, 3], [2, 3, 1, 0]], // conv
    [[7, 4, 1, 1], [2, 3, 1, 0]], // 1×1 conv
    [[2, 3, 4, 5], [0, 2, 3, 1]], // NCHW → NHWC (generic path)
    [[3, 4, 5], [2, 0, 1]],
  ];
  for (const [shape, perm] of cases) {
    it(`[${shape}] by [${perm}]`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Float32Array.from({ length: n }, (_, i) => i);
      const got = permute(data, shape, perm);
      expect(got.shape).toEqual(perm.map((p) => shape[p]));
      expect(Array.from(got.data)).toEqual(Array.from(naive(data, shape, perm)));
    });
  }
});
