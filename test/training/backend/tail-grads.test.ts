import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../electron/core/tf/tf';
import { loadBackbone } from '../../../electron/core/backbones/load';
import { climbLadder } from '../../../electron/core/training/backend/ladder';
import { defaultRungs } from '../../../electron/core/training/backend/rungs';
import { weightedSmoothedCrossEntropy } from '../../../electron/core/training/engine/loss';
import { loadTrainRefs, TRAIN_FIXTURE, type TrainRefs } from '../../onnx/train-helpers';

/** The checkpoint names of a bottleneck block's trainable variables, in Stage.variables order. */
const blockNames = (p: string, down: boolean) => [
  ...[1, 2, 3].flatMap((k) => [`${p}.conv${k}.weight`, `${p}.bn${k}.weight`, `${p}.bn${k}.bias`]),
  ...(down ? [`${p}.downsample.0.weight`, `${p}.downsample.1.weight`, `${p}.downsample.1.bias`] : []),
];

/** tfjs conv [kh, kw, ci, co] → PyTorch [co, ci, kh, kw]. */
const toTorch = (t: tf.Tensor) => (t.rank === 4 ? tf.transpose(t, [3, 2, 0, 1]) : t);

describe('fine-tune gradients on wasm (XNNPACK input gradient, broadcasting BatchNorm gradient) against PyTorch', () => {
  let refs: TrainRefs;
  beforeAll(async () => {
    await climbLadder(defaultRungs(), 'wasm'); // registers the training kernels and gradients, as the training process does
    refs = await loadTrainRefs();
  });

  it('layer4 + head gradients of the tiny bottleneck ResNet equal torch.autograd’s to 1e-4', async () => {
    const { backbone } = await loadBackbone(TRAIN_FIXTURE);
    try {
      expect(tf.getBackend()).toBe('wasm');
      const cut = backbone.info.numBlocks - 2;
      const tail = backbone.trainableVariables(cut);
      const names = [...blockNames('layer4.0', true), ...blockNames('layer4.1', false)];
      expect(tail).toHaveLength(names.length);
      const acts = refs.refs.get('acts')!;
      const w = tf.variable(tf.tensor2d(refs.refs.get('head.weight')!.data, refs.refs.get('head.weight')!.shape as [number, number]));
      const b = tf.variable(tf.tensor1d(refs.refs.get('head.bias')!.data));
      const before = tf.memory().numTensors;
      const diffs = tf.tidy(() => {
        const x = tf.tensor4d(acts.data, acts.shape as [number, number, number, number]);
        const y = tf.tensor1d(refs.labels, 'int32');
        const { value, grads } = tf.variableGrads(() => weightedSmoothedCrossEntropy(backbone.tail({ x }, cut).matMul(w).add(b), y, refs.numClasses, 0.1, null), [...tail, w, b]);
        const out: Record<string, number> = { loss: Math.abs(value.dataSync()[0]! - refs.refs.get('loss')!.data[0]!) };
        [...names, 'head.weight', 'head.bias'].forEach((n, i) => {
          const v = [...tail, w, b][i]!;
          const got = toTorch(grads[v.name]!).dataSync();
          const ref = refs.refs.get(`grad.${n}`)!.data;
          expect(got.length, n).toBe(ref.length);
          out[n] = Array.from(got as Float32Array).reduce((m: number, g: number, j: number) => Math.max(m, Math.abs(g - ref[j]!)), 0);
        });
        return out;
      });
      for (const [n, d] of Object.entries(diffs)) expect(d, n).toBeLessThan(1e-4);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([w, b]);
    } finally {
      backbone.dispose();
    }
  });
});
