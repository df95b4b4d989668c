import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../electron/core/tf/tf';
import { loadBackbone } from '../../electron/core/backbones/load';
import { climbLadder } from '../../electron/core/training/backend/ladder';
import { defaultRungs } from '../../electron/core/training/backend/rungs';
import type { CachedActivation } from '../../electron/core/training/engine/feature-cache';
import { fitSgd } from '../../electron/core/training/engine/sgd-fit';
import type { FromWorker } from '../../electron/core/training/protocol';
import { trainOptionsSchema } from '../../shared/api/methods/training';
import { loadTrainRefs, TRAIN_FIXTURE, type TrainRefs } from '../onnx/train-helpers';

/** Four steps of the studio's fit loop on the tiny ResNet's layer4, with the given gradient engine; the trained values. */
async function fit(refs: TrainRefs, engine: 'tfjs' | 'ort', dropout: number) {
  const { backbone } = await loadBackbone(TRAIN_FIXTURE);
  const a = refs.refs.get('acts')!;
  const per = a.data.length / a.shape[0]!;
  // Six items: the fixture's three, twice (so a shuffled epoch has two batches).
  const acts: CachedActivation[][] = Array.from({ length: 6 }, (_, i) => [{ x: { data: a.data.slice((i % 3) * per, (i % 3 + 1) * per), shape: a.shape.slice(1) } }]);
  const labels = Array.from({ length: 6 }, (_, i) => refs.labels[i % 3]!);
  const phases: string[] = [];
  const r = await fitSgd({
    backbone,
    acts,
    labels,
    numClasses: refs.numClasses,
    cut: backbone.info.numBlocks - 2,
    probe: false,
    options: trainOptionsSchema.parse({ epochs: 2, patience: 0, minSteps: 0, batchSize: 3, dropout, headSolver: 'sgd', augmentViews: 1, learningRate: 1e-3 }),
    trainIdx: [0, 1, 2, 3, 4],
    valIdx: [5],
    backend: 'wasm',
    checkpointDir: null,
    resumeFrom: null,
    finetuneEngine: engine,
    report: (m: FromWorker) => {
      if (m.type === 'phase' && m.detail) phases.push(m.detail);
    },
    gate: async () => {},
  });
  const values = r.vars.map((v) => v.dataSync().slice() as Float32Array);
  const val = r.evaluate([5]).loss;
  r.dispose();
  backbone.dispose();
  return { values, phases, val };
}

describe('STUDIO_FINETUNE_ENGINE=ort: fine-tune steps with ONNX Runtime gradients', () => {
  let refs: TrainRefs;
  beforeAll(async () => {
    await climbLadder(defaultRungs(), 'wasm');
    refs = await loadTrainRefs();
  });

  it('trains the same weights as the tfjs path (four AdamW steps, label smoothing, class weights; no dropout) to 1e-4', async () => {
    const b0 = tf.memory().numTensors;
    const tfjs = await fit(refs, 'tfjs', 0);
    const b1 = tf.memory().numTensors;
    const ort = await fit(refs, 'ort', 0);
    // The ORT path leaves no more tensors behind than the tfjs path does (loading + fitting this fixture
    // leaves some either way: not this test's subject).
    const leftByOrt = tf.memory().numTensors - b1;
    expect(ort.phases.some((p) => p.startsWith('fine-tune steps on ONNX Runtime'))).toBe(true);
    expect(tfjs.phases.some((p) => p.includes('ONNX Runtime'))).toBe(false);
    let moved = 0;
    ort.values.forEach((v, i) => {
      const ref = tfjs.values[i]!;
      expect(v.length).toBe(ref.length);
      expect(v.reduce((m, x, j) => Math.max(m, Math.abs(x - ref[j]!)), 0), `variable ${i}`).toBeLessThan(1e-4);
    });
    // The weights did move from where they started (a step that applied nothing would also "match").
    const { backbone } = await loadBackbone(TRAIN_FIXTURE);
    const start = backbone.trainableVariables(backbone.info.numBlocks - 2).map((v) => v.dataSync());
    start.forEach((s, i) => (moved = Math.max(moved, Array.from(s as Float32Array).reduce((m: number, x: number, j: number) => Math.max(m, Math.abs(x - ort.values[i + 2]![j]!)), 0))));
    backbone.dispose();
    expect(moved).toBeGreaterThan(1e-4);
    expect(Math.abs(ort.val - tfjs.val)).toBeLessThan(1e-4);
    expect(leftByOrt).toBe(b1 - b0);
  });

  it('with dropout, trains (its own masks) to a finite loss', async () => {
    const ort = await fit(refs, 'ort', 0.2);
    expect(Number.isFinite(ort.val)).toBe(true);
  });
});
