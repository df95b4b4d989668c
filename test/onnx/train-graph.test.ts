import { describe, expect, it } from 'vitest';
import * as tf from '../../electron/core/tf/tf';
import { AdamW } from '../../electron/core/training/engine/adamw';
import { OrtTailTrainer } from '../../electron/core/onnx/train/trainer';
import { floatFeed } from '../../electron/core/onnx/run';
import { createSession } from '../../electron/core/onnx/session';
import { buildResnetTailTrainingGraph } from '../../electron/core/onnx/train/resnet-tail';
import { maxAbsDiff } from './helpers';
import { loadTrainRefs, smoothedTargets } from './train-helpers';

/** The reference's name for a parameter's gradient (the head is `head.weight` there, `head.fc.weight` here). */
const refName = (p: string) => `grad.${p.replace(/^head\.fc\./, 'head.')}`;

describe('ONNX training graph of a ResNet tail (forward + backward in ONNX Runtime)', () => {
  it('gives PyTorch’s loss, logits and every layer4 and head gradient to 1e-4 (tiny bottleneck ResNet, BatchNorm on running statistics)', async () => {
    const { config, weights, refs, labels, numClasses } = await loadTrainRefs();
    const acts = refs.get('acts')!;
    const [b, h, w, c] = acts.shape as [number, number, number, number];
    const graph = buildResnetTailTrainingGraph({ config, weights, cut: graph0Cut(config), actShape: [h, w, c], numClasses });
    expect(graph.params.map((p) => p.name)).toContain('layer4.0.downsample.0.weight');
    const { session } = await createSession(graph.bytes, 1);
    try {
      const feeds: Record<string, ReturnType<typeof floatFeed>> = {
        acts: floatFeed(acts.data, acts.shape),
        target: floatFeed(smoothedTargets(labels, numClasses, 0.1), [b, numClasses]),
        weight: floatFeed(new Float32Array(b).fill(1 / b), [b, 1]),
      };
      for (const p of graph.params) {
        const v = p.name.startsWith('head.') ? refs.get(p.name.replace(/^head\.fc\./, 'head.'))!.data : weights.get(p.name).data;
        feeds[p.input] = floatFeed(v, p.dims);
      }
      const out = await session.run(feeds);
      expect(Math.abs((out.loss!.data as Float32Array)[0]! - refs.get('loss')!.data[0]!)).toBeLessThan(1e-5);
      expect(maxAbsDiff(out.logits!.data as Float32Array, refs.get('logits')!.data)).toBeLessThan(1e-5);
      const diffs: Record<string, number> = {};
      for (const p of graph.params) diffs[p.name] = maxAbsDiff(out[`grad.${p.name}`]!.data as Float32Array, refs.get(refName(p.name))!.data);
      expect(Object.keys(diffs).map(refName).sort()).toEqual([...refs.keys()].filter((n) => n.startsWith('grad.')).sort()); // every reference gradient, nothing else
      for (const [name, d] of Object.entries(diffs)) expect(d, name).toBeLessThan(1e-4);
      process.stdout.write(`ORT training graph vs PyTorch: max |Δgrad| ${Math.max(...Object.values(diffs)).toExponential(2)}\n`);
      // The gradients are not trivially small: a wrong sign or a dropped term would show.
      expect(Math.max(...[...refs.entries()].filter(([n]) => n.startsWith('grad.')).map(([, t]) => Math.max(...t.data.map(Math.abs))))).toBeGreaterThan(1e-2);
    } finally {
      await session.release();
    }
  });

  it('OrtTailTrainer applies the tfjs engine’s AdamW (decay on weights only, backbone at a tenth of the rate) to ORT’s gradients', async () => {
    const { config, weights, refs, labels, numClasses } = await loadTrainRefs();
    const acts = refs.get('acts')!;
    const [b, h, w, c] = acts.shape as [number, number, number, number];
    const graph = buildResnetTailTrainingGraph({ config, weights, cut: graph0Cut(config), actShape: [h, w, c], numClasses });
    const initial = (n: string) => (n.startsWith('head.') ? refs.get(n.replace(/^head\.fc\./, 'head.'))!.data : weights.get(n).data);
    const lrScale = (n: string) => (n.startsWith('head.') ? 1 : 0.1);
    const trainer = await OrtTailTrainer.create(graph, initial, { weightDecay: 0.05, lrScale }, 1);
    await tf.setBackend('cpu');
    const vars = graph.params.map((p) => tf.variable(tf.tensor(initial(p.name), p.dims)));
    const ref = new AdamW(vars, { weightDecay: 0.05, decayMask: graph.params.map((p) => p.dims.length >= 2), lrScale: graph.params.map((p) => lrScale(p.name)) });
    const target = smoothedTargets(labels, numClasses, 0.1);
    const weight = new Float32Array(b).fill(1 / b);
    try {
      const losses: number[] = [];
      for (let step = 0; step < 3; step++) {
        const { loss, grads } = await trainer.gradients(acts.data, acts.shape, target, weight);
        losses.push(loss);
        trainer.applyAdamW(grads, 0.01);
        tf.tidy(() => ref.apply(grads.map((g, i) => tf.tensor(g, graph.params[i]!.dims)), 0.01));
      }
      graph.params.forEach((p, i) => expect(maxAbsDiff(trainer.values[i]!, vars[i]!.dataSync()), p.name).toBeLessThan(1e-6));
      expect(losses[2]).toBeLessThan(losses[0]!); // the updates go downhill
    } finally {
      await trainer.release();
      ref.dispose();
      tf.dispose(vars);
    }
  });

  it('refuses a cut outside the backbone’s stages', async () => {
    const { config, weights } = await loadTrainRefs();
    expect(() => buildResnetTailTrainingGraph({ config, weights, cut: 0, actShape: [6, 6, 16], numClasses: 3 })).toThrow(/cut must be in \[1, 5\]/);
  });
});

/** layer4 of the fixture: stages are the stem then each block (layers [1, 1, 1, 2] → 6 stages); its 2 blocks start at 4. */
function graph0Cut(config: Record<string, unknown>): number {
  const layers = (config.model_args as { layers: number[] }).layers;
  return 1 + layers[0]! + layers[1]! + layers[2]!;
}
