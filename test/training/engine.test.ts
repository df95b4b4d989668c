import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '../../electron/core/tf/tf';
import { join } from 'node:path';
import { climbLadder } from '../../electron/core/training/backend/ladder';
import { defaultRungs } from '../../electron/core/training/backend/rungs';
import { openDatabase } from '../../electron/core/store/db';
import { imageEncoder } from '../../electron/core/training/data/image-encoder';
import { FeatureCache } from '../../electron/core/training/engine/feature-cache';
import { computeFeatures } from '../../electron/core/training/engine/features';
import { train } from '../../electron/core/training/engine/trainer';
import { trainOptionsSchema, type TrainOptionsInput } from '../../shared/api/methods/training';
import type { Backbone } from '../../electron/core/backbones/types';
import type { FromWorker } from '../../electron/core/training/protocol';
import { seedImageDataset, tempDir, type SeededDataset } from './helpers/fixture';
import { tinyResnet, tinyVit } from './helpers/tiny-backbones';

const pre = { size: [16, 16] as [number, number], mean: [0.5, 0.5, 0.5] as [number, number, number], std: [0.25, 0.25, 0.25] as [number, number, number], cropPct: 1 };
let data: SeededDataset;

async function fit(backbone: Backbone, mode: 'probe' | 'finetune', options: TrainOptionsInput, dir = tempDir()) {
  const n = backbone.info.numBlocks;
  const cut = mode === 'probe' ? n : n - backbone.info.defaultFinetuneBlocks;
  const feats = await computeFeatures(data.items, {
    backbone,
    encoder: imageEncoder(pre, 2),
    cache: new FeatureCache(join(dir, 'cache')),
    weightsHash: 'w',
    cut: mode === 'probe' ? 'features' : cut,
    gate: async () => {},
    onProgress: () => {},
  });
  const reports: FromWorker[] = [];
  const result = await train({
    backbone,
    items: data.items,
    labelNames: ['a', 'b', 'c'],
    acts: feats.acts,
    numClasses: 3,
    cut,
    probe: mode === 'probe',
    // The SGD loop as such (random head, every epoch counted, one learning rate): the exact probe and LP-FT have tests of their own.
    options: trainOptionsSchema.parse({ headSolver: 'sgd', minSteps: 0, backboneLrScale: 1, validation: 'split', ...options }),
    backend: 'wasm',
    checkpointDir: join(dir, 'ckpt'),
    resumeFrom: null,
    report: (m) => reports.push(m),
    gate: async () => {},
  });
  return { result, reports, feats };
}

const epochLosses = (reports: FromWorker[]) => reports.flatMap((r) => (r.type === 'epoch' ? [r.metrics.trainLoss!] : []));

describe('training engine on wasm', () => {
  beforeAll(async () => {
    const r = await climbLadder(defaultRungs(), 'wasm');
    expect(r.name).toBe('wasm');
    const dir = tempDir();
    data = await seedImageDataset(openDatabase(join(dir, 'studio.db')), dir);
  });

  it('finetune of a (tiny) ResNet lowers the training loss — needs the Conv2DBackpropFilter kernel', async () => {
    const bb = tinyResnet(3);
    const before = bb.trainableVariables(2).map((v) => v.dataSync().slice());
    const { reports } = await fit(bb, 'finetune', { epochs: 10, batchSize: 8, learningRate: 1e-2, patience: 0, augmentViews: 1, labelSmoothing: 0 });
    const losses = epochLosses(reports);
    expect(losses.length).toBe(10);
    expect(losses[9]!).toBeLessThan(losses[0]! * 0.8);
    // The unfrozen block itself moved, not only the head.
    const after = bb.trainableVariables(2).map((v) => v.dataSync());
    expect(after.some((a, i) => a.some((x, j) => Math.abs(x - before[i]![j]!) > 1e-6))).toBe(true);
    bb.dispose();
  });

  it('finetune of a (tiny) ViT lowers the training loss', async () => {
    const bb = tinyVit(5);
    const { reports } = await fit(bb, 'finetune', { epochs: 6, batchSize: 8, learningRate: 3e-3, patience: 0, augmentViews: 1, labelSmoothing: 0 });
    const losses = epochLosses(reports);
    expect(losses[5]!).toBeLessThan(losses[0]! * 0.8);
    bb.dispose();
  });

  it('tf.memory().numTensors does not grow across epochs (probe and finetune)', async () => {
    for (const mode of ['probe', 'finetune'] as const) {
      const bb = tinyResnet(4);
      const { reports } = await fit(bb, mode, { epochs: 4, batchSize: 8, patience: 0 });
      const counts = reports.flatMap((r) => (r.type === 'epoch' ? [r.numTensors] : []));
      expect(counts.length).toBe(4);
      expect(new Set(counts.slice(1)).size).toBe(1);
      bb.dispose();
    }
  });

  it('same seed, same backend → same run; another seed → another run', async () => {
    const bb = tinyResnet(6);
    const a = await fit(bb, 'probe', { epochs: 3, seed: 11, patience: 0 });
    const b = await fit(bb, 'probe', { epochs: 3, seed: 11, patience: 0 });
    const c = await fit(bb, 'probe', { epochs: 3, seed: 12, patience: 0 });
    expect(epochLosses(b.reports)).toEqual(epochLosses(a.reports));
    expect(epochLosses(c.reports)).not.toEqual(epochLosses(a.reports));
    bb.dispose();
  });

  it('early stopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    const bb = tinyResnet(7);
    // A huge learning rate makes validation loss blow up after the first epochs.
    const { result, reports } = await fit(bb, 'probe', { epochs: 30, learningRate: 5, patience: 2, warmupFraction: 0 });
    const epochs = reports.filter((r) => r.type === 'epoch').length;
    expect(epochs).toBeLessThan(30);
    expect(result.metrics.bestEpoch).toBe(epochs - 2);
    bb.dispose();
  });

  it('the exact probe reaches high accuracy on the separable patterns', async () => {
    const bb = tinyResnet(8);
    const { result } = await fit(bb, 'probe', { headSolver: 'exact' });
    expect(result.metrics.trainAccuracy).toBeGreaterThan(0.8);
    bb.dispose();
  });

  it('LP-FT: finetune starts from the converged probe and keeps the probe when finetuning hurts on held-out items', async () => {
    const bb = tinyResnet(10);
    const lpft = { headSolver: 'exact', backboneLrScale: 0.1 } as const;
    const good = await fit(bb, 'finetune', { ...lpft, epochs: 3, batchSize: 8, patience: 0, augmentViews: 1, labelSmoothing: 0, dropout: 0, learningRate: 1e-3 });
    const decisions = good.reports.flatMap((r) => (r.type === 'decision' ? [r.decision] : []));
    // The starting probe's own decision (its C and why) is reported before the finetune.
    expect(decisions.some((d) => typeof d.c === 'number' && typeof d.cReason === 'string')).toBe(true);
    // Started from the probe: the first finetune epoch is already near the probe's fit, not at a random head's ~ln 3.
    expect(epochLosses(good.reports)[0]!).toBeLessThan(0.5 * Math.log(3));
    expect(decisions.some((d) => d.kept === 'finetune' || d.kept === 'probe')).toBe(true);
    // A learning rate that wrecks the blocks: validation says so, and the probe is what the run keeps.
    const bad = await fit(bb, 'finetune', { ...lpft, epochs: 2, batchSize: 8, patience: 0, augmentViews: 1, learningRate: 10, backboneLrScale: 1 });
    const kept = bad.reports.flatMap((r) => (r.type === 'decision' && r.decision.kept ? [r.decision] : []))[0]!;
    expect(kept.kept).toBe('probe');
    expect(String(kept.keptReason)).toMatch(/probe kept: .* on \d+ validation items/);
    expect(bad.result.metrics.keptFinetune).toBe(0);
    expect(bad.result.metrics.valAccuracy).toBe(bad.result.metrics.probeHeldOutAccuracy);
    bb.dispose();
  });

  it('caches features: a second pass computes nothing', async () => {
    const bb = tinyResnet(9);
    const dir = tempDir();
    const first = await fit(bb, 'probe', { epochs: 1 }, dir);
    const second = await fit(bb, 'probe', { epochs: 1, learningRate: 0.1, hiddenUnits: 8 }, dir);
    expect(first.feats.computed).toBe(24 * 2 + 12);
    expect(second.feats.computed).toBe(0);
    expect(second.feats.hits).toBe(first.feats.computed);
    expect(tf.getBackend()).toBe('wasm');
    bb.dispose();
  });
});
