import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from '../../electron/core/tf/tf';
import { PYTHON } from '../helpers/pil';

// tfjs-core's Node build registers no gradients and no chained ops; electron/core/tf/tf.ts adds them
// from a generated bundle (scripts/build-tf.mjs) that carries its own copy of tfjs-core's helpers. These
// tests check that the copy registered into the engine the rest of the code uses, and that the
// gradients it brings are right: against PyTorch's autograd on the same small conv net.

const torchMissing = ((): string | null => {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return r.status === 0 ? null : `${PYTHON} cannot import torch: ${r.stderr.trim().split('\n').pop()}`;
})();

/** Deterministic values in [-1, 1) (a plain LCG: the same numbers go to PyTorch). */
function values(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

// PyTorch side: NCHW input and OIHW kernel, transposed here from tfjs's NHWC / HWIO.
const torchScript = `
import json, sys, torch
torch.set_num_threads(1)
d = json.load(sys.stdin)
x = torch.tensor(d['x'], dtype=torch.float64).reshape(2, 5, 5, 3).permute(0, 3, 1, 2)
k = torch.tensor(d['k'], dtype=torch.float64).reshape(3, 3, 3, 4).permute(3, 2, 0, 1).requires_grad_()
w = torch.tensor(d['w'], dtype=torch.float64).reshape(4, 2).requires_grad_()
h = torch.relu(torch.nn.functional.conv2d(x, k, stride=1, padding=1))
logits = torch.tanh(h.mean(dim=(2, 3))) @ w
loss = torch.nn.functional.cross_entropy(logits, torch.tensor(d['y']))
loss.backward()
print(json.dumps({'loss': loss.item(), 'k': k.grad.permute(2, 3, 1, 0).reshape(-1).tolist(), 'w': w.grad.reshape(-1).tolist()}))
`;

describe('electron/core/tf/tf: tfjs-core + layers with gradients and chained ops', () => {
  it('registers gradients and chained ops into the one engine tfjs-core and tfjs-layers use', () => {
    for (const kernel of ['Conv2D', 'BatchMatMul', 'Relu', 'Softmax', 'Mean', 'Tanh', 'GatherV2']) {
      expect(tf.getGradient(kernel), kernel).toBeDefined();
    }
    const t = tf.tensor1d([1, -2, 3]);
    // A chained op on a tensor made by tfjs-core's own build: the extras patched the shared Tensor class.
    expect(t.square().sum().arraySync()).toBe(14);
    expect(t instanceof tf.Tensor).toBe(true);
    tf.dispose(t);
  });

  it.skipIf(torchMissing)(`conv → relu → mean → tanh → dense → cross-entropy: loss and gradients match PyTorch (${torchMissing ?? 'torch'})`, () => {
    const x = values(2 * 5 * 5 * 3, 1);
    const k = values(3 * 3 * 3 * 4, 2);
    const w = values(4 * 2, 3);
    const y = [1, 0];
    const before = tf.memory().numTensors;
    const kv = tf.tidy(() => tf.variable(tf.tensor4d(k, [3, 3, 3, 4])));
    const wv = tf.tidy(() => tf.variable(tf.tensor2d(w, [4, 2])));
    const { value, grads } = tf.variableGrads(() =>
      tf.tidy(() => {
        const h = tf.relu(tf.conv2d(tf.tensor4d(x, [2, 5, 5, 3]), kv, 1, 'same'));
        const logits = tf.matMul(tf.tanh(tf.mean(h, [1, 2])), wv);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(y, 'int32'), 2), logits);
      }),
      [kv, wv],
    );
    const got = { loss: value.dataSync()[0]!, k: Array.from(grads[kv.name]!.dataSync()), w: Array.from(grads[wv.name]!.dataSync()) };
    tf.dispose([value, kv, wv, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);

    const r = spawnSync(PYTHON, ['-c', torchScript], { input: JSON.stringify({ x, k, w, y }), encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`torch reference failed: ${r.stderr}`);
    const ref = JSON.parse(r.stdout) as { loss: number; k: number[]; w: number[] };
    expect(got.loss).toBeCloseTo(ref.loss, 5);
    const worst = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
    expect(got.k).toHaveLength(ref.k.length);
    expect(worst(got.k, ref.k)).toBeLessThan(1e-5);
    expect(worst(got.w, ref.w)).toBeLessThan(1e-5);
    // Not vacuous: the reference gradients are far from zero.
    expect(Math.max(...ref.k.map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('exports every value tfjs-layers and tfjs-core export, as the umbrella did', async () => {
    const layersPkg = (await import('@tensorflow/tfjs-layers')) as Record<string, unknown>;
    const corePkg = (await import('@tensorflow/tfjs-core')) as Record<string, unknown>;
    const ours = tf as unknown as Record<string, unknown>;
    const missing = [...Object.keys(layersPkg), ...Object.keys(corePkg)].filter((k) => k !== 'default' && k !== '__esModule' && ours[k] === undefined);
    expect(missing).toEqual([]);
    expect(ours.layers).toBe(layersPkg.layers);
    expect(ours.tidy).toBe(corePkg.tidy);
  });

  it('tfjs-layers trains through the same gradients (a dense model fits a line)', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const xs = tf.tensor2d([-1, 0, 1, 2], [4, 1]);
    const ys = tf.tensor2d([-1, 1, 3, 5], [4, 1]);
    const h = await model.fit(xs, ys, { epochs: 60, verbose: 0 });
    const losses = h.history.loss as number[];
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 100);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
