import * as tf from '../../tf/tf';
import { join } from 'node:path';
import type { Backbone } from '../../backbones/types';
import { defaultLearningRate, type TrainOptions } from '../../../../shared/api/methods/training';
import type { FromWorker } from '../protocol';
import { featuresFromCache } from './activations';
import type { CachedActivation } from './feature-cache';
import { AdamW } from './adamw';
import { createHead, type Head } from './head';
import { classWeightsFor, l2Penalty, weightedSmoothedCrossEntropy } from './loss';
import { learningRateAt } from './schedule';
import { mixSeed, mulberry32, shuffled } from './rng';
import { loadCheckpoint, saveCheckpoint, type CheckpointMeta } from './checkpoint';
import { measureStepBytes, pickBatchSize } from './batch-size';
import { createOrtTail, type OrtTail } from './ort-tail';

export interface SgdFitDeps {
  backbone: Backbone;
  acts: CachedActivation[][];
  labels: readonly number[];
  numClasses: number;
  /** Stage the trainable tail starts at; with `probe`, acts are pooled features and only the head trains. */
  cut: number;
  probe: boolean;
  options: TrainOptions;
  trainIdx: readonly number[];
  /** Early-stopping set; empty → the training items stand in (no held-out signal). */
  valIdx: readonly number[];
  /** LP-FT: the head starts from this converged linear probe (raw-feature space, dim × K row-major). */
  initHead?: { weight: Float32Array; bias: Float32Array };
  /** Seed salt, so cross-validation folds do not share shuffles and dropout masks. */
  salt?: number;
  backend: string;
  /** null: a cross-validation fold — no checkpoints and nothing for the charts. */
  checkpointDir: string | null;
  resumeFrom: string | null;
  stepDelayMs?: number;
  /** Where a finetune step's gradients come from; default STUDIO_FINETUNE_ENGINE, else tfjs ('ort' is a prototype: ort-tail.ts). */
  finetuneEngine?: string;
  report(msg: FromWorker): void;
  gate(): Promise<void>;
}

export interface Evaluated {
  loss: number;
  accuracy: number;
  correct: Uint8Array;
  /** Softmax probabilities per item of the set. */
  probs: number[][];
}

export interface SgdFit {
  vars: tf.Variable[];
  names: string[];
  head: Head;
  config: Record<string, unknown>;
  meta: Omit<CheckpointMeta, 'config'>;
  lastEpochMetrics: Record<string, number>;
  headSeconds: number;
  evaluate(set: readonly number[]): Evaluated;
  dispose(): void;
}

/**
 * Epoch count for a step budget: at least `minSteps` optimizer updates whatever the dataset size
 * (35 items at batch 32 would otherwise get 2 updates an epoch), with patience and checkpoint
 * spacing stretched by the same factor so early stopping and disk use mean the same thing.
 */
export function stepBudget(o: Pick<TrainOptions, 'epochs' | 'minSteps' | 'patience'>, stepsPerEpoch: number): { epochs: number; patience: number; checkpointEvery: number } {
  const epochs = Math.max(o.epochs, Math.ceil(o.minSteps / Math.max(1, stepsPerEpoch)));
  const stretch = epochs / o.epochs;
  return { epochs, patience: o.patience > 0 ? Math.ceil(o.patience * stretch) : 0, checkpointEvery: Math.max(1, Math.round(stretch)) };
}

/** The fit loop over cached activations: head (+ unfrozen blocks), AdamW, warmup + cosine, early stopping on the best validation loss. */
export async function fitSgd(d: SgdFitDeps): Promise<SgdFit> {
  const o = d.options;
  const { trainIdx } = d;
  if (trainIdx.length === 0) throw new Error('The snapshot has no training items.');
  const seed = d.salt ? mixSeed(o.seed, d.salt) : o.seed;
  const sample = d.acts[trainIdx[0]!]![0]!;
  const lr0 = o.learningRate ?? defaultLearningRate(d.probe ? 'probe' : 'finetune');

  const featureDim = d.backbone.info.featureDim;
  const head: Head = createHead({ inDim: featureDim, numClasses: d.numClasses, hidden: o.hiddenUnits, dropout: o.dropout }, mixSeed(seed, 1));
  if (d.initHead) {
    head.variables[0]!.assign(tf.tensor2d(d.initHead.weight, [featureDim, d.numClasses]));
    head.variables[1]!.assign(tf.tensor1d(d.initHead.bias));
  }
  const tailVars = d.probe ? [] : d.backbone.trainableVariables(d.cut);
  const vars = [...head.variables, ...tailVars];
  const names = [...head.names, ...tailVars.map((_, i) => `tail.${i}`)];
  // No weight decay on biases and norm scales (rank < 2), as is usual for AdamW; the backbone learns slower than the head.
  const opt = new AdamW(vars, {
    weightDecay: o.weightDecay,
    decayMask: vars.map((v) => v.rank >= 2),
    lrScale: vars.map((_, i) => (i < head.variables.length ? 1 : o.backboneLrScale)),
  });
  const penalised = vars.filter((v) => v.rank >= 2);
  const cw = o.classWeights ? tf.tensor1d(classWeightsFor(trainIdx.map((i) => d.labels[i]!), d.numClasses)) : null;
  let ortTail: OrtTail | null = null;
  if (!d.probe && (d.finetuneEngine ?? process.env.STUDIO_FINETUNE_ENGINE) === 'ort') {
    const classWeights = o.classWeights ? classWeightsFor(trainIdx.map((i) => d.labels[i]!), d.numClasses) : null;
    const r = await createOrtTail({ backbone: d.backbone, cut: d.cut, numClasses: d.numClasses, vars, headHidden: o.hiddenUnits, dropout: o.dropout, labelSmoothing: o.labelSmoothing, classWeights, l2: o.l2 }, sample);
    if ('reason' in r) d.report({ type: 'phase', phase: 'training', detail: `fine-tune steps on tfjs: ${r.reason}` });
    else {
      ortTail = r;
      d.report({ type: 'phase', phase: 'training', detail: `fine-tune steps on ONNX Runtime (${r.label})` });
    }
  }

  let startEpoch = 1;
  let step = 0;
  let bestValLoss: number | null = null;
  let bestEpoch = 0;
  let stale = 0;
  let best: tf.Tensor[] | null = null;
  let resumedBatch: number | undefined;

  if (d.resumeFrom) {
    const ck = loadCheckpoint(d.resumeFrom);
    vars.forEach((v, i) => v.assign(ck.tensors.get(names[i]!)!));
    opt.load(ck.meta.optimizerStep, ck.tensors);
    if (ck.meta.bestValLoss !== null) best = names.map((n) => tf.clone(ck.tensors.get(`best.${n}`)!));
    tf.dispose([...ck.tensors.values()]);
    startEpoch = ck.meta.epoch + 1;
    step = ck.meta.step;
    bestValLoss = ck.meta.bestValLoss;
    bestEpoch = ck.meta.bestEpoch;
    stale = ck.meta.epochsWithoutImprovement;
    // The same batch size as before the interruption, so steps and epochs line up with the stored metrics.
    resumedBatch = (ck.meta.config as { batchSize?: number }).batchSize;
  }
  const forward = (batch: readonly number[], view: (i: number) => number, training: boolean, dropoutSeed: number): tf.Tensor2D => {
    const acts = batch.map((i) => d.acts[i]![view(i)]!);
    const feats = featuresFromCache(d.backbone, acts, d.cut, d.probe);
    return head.apply(feats, training, dropoutSeed);
  };

  // A finetune step's memory is measured on the real tail before the batch size is chosen.
  const measured =
    !d.probe && !o.batchSize && !resumedBatch && !ortTail
      ? await measureStepBytes(
          (batch) => weightedSmoothedCrossEntropy(forward(batch, () => 0, true, 0), tf.tensor1d(batch.map((i) => d.labels[i]!), 'int32'), d.numClasses, 0, null),
          vars,
          trainIdx.slice(0, 2),
        )
      : undefined;
  const batchSize = resumedBatch ?? pickBatchSize({ backend: d.backend, activationBytes: sample.x.data.length * 4, trainItems: trainIdx.length, probe: d.probe, requested: o.batchSize, measured, inUse: tf.memory().numBytes });
  const config = { mode: d.probe ? 'probe' : 'tail', cut: d.cut, batchSize, names, stepBytes: measured ?? null };
  const stepsPerEpoch = Math.ceil(trainIdx.length / batchSize);
  const budget = stepBudget(o, stepsPerEpoch);
  const totalSteps = stepsPerEpoch * budget.epochs;
  const warmup = Math.round(totalSteps * o.warmupFraction);
  const charted = d.checkpointDir !== null;
  if (charted) d.report({ type: 'plan', cut: d.cut, numBlocks: d.backbone.info.numBlocks, batchSize, stepsPerEpoch, startEpoch, epochs: budget.epochs });

  const evaluate = (set: readonly number[]): Evaluated => {
    const correct = new Uint8Array(set.length);
    const probs: number[][] = [];
    if (set.length === 0) return { loss: NaN, accuracy: NaN, correct, probs };
    let lossSum = 0;
    for (let s = 0; s < set.length; s += batchSize) {
      const batch = set.slice(s, s + batchSize);
      const [l, hits, p] = tf.tidy(() => {
        const logits = forward(batch, () => 0, false, 0);
        const y = tf.tensor1d(batch.map((i) => d.labels[i]!), 'int32');
        const loss = weightedSmoothedCrossEntropy(logits, y, d.numClasses, 0, null);
        return [loss.dataSync()[0]!, logits.argMax(1).equal(y).dataSync(), tf.softmax(logits).arraySync() as number[][]] as const;
      });
      lossSum += l * batch.length;
      correct.set(hits, s);
      probs.push(...p);
    }
    const n = correct.reduce((a, b) => a + b, 0);
    return { loss: lossSum / set.length, accuracy: n / set.length, correct, probs };
  };

  /** One step with ONNX Runtime's gradients and the engine's AdamW; [loss, hits]. */
  const ortStep = async (batch: readonly number[], views: Map<number, number>, lr: number): Promise<[number, number]> => {
    const r = await ortTail!.step(
      batch.map((i) => d.acts[i]![views.get(i)!]!),
      batch.map((i) => d.labels[i]!),
      mixSeed(seed, 7, step),
    );
    tf.tidy(() => opt.apply(r.grads, lr));
    tf.dispose(r.grads);
    const k = d.numClasses;
    let hits = 0;
    batch.forEach((i, j) => {
      const row = Array.from(r.logits.subarray(j * k, (j + 1) * k));
      if (row.indexOf(Math.max(...row)) === d.labels[i]) hits++;
    });
    return [r.loss, hits];
  };

  let headSeconds = 0;
  let lastEpochMetrics: Record<string, number> = {};
  const valSet = d.valIdx.length ? d.valIdx : trainIdx;
  for (let epoch = startEpoch; epoch <= budget.epochs; epoch++) {
    const t0 = performance.now();
    const rand = mulberry32(mixSeed(seed, epoch));
    const order = shuffled(trainIdx, rand);
    const views = new Map(order.map((i) => [i, Math.floor(rand() * d.acts[i]!.length)]));
    let lossSum = 0;
    let correct = 0;
    for (let s = 0; s < order.length; s += batchSize) {
      await d.gate();
      if (d.stepDelayMs) await new Promise((r) => setTimeout(r, d.stepDelayMs));
      const ts = performance.now();
      const batch = order.slice(s, s + batchSize);
      const lr = learningRateAt(step, totalSteps, lr0, warmup);
      const [loss, hit] = ortTail ? await ortStep(batch, views, lr) : tf.tidy(() => {
        const y = tf.tensor1d(batch.map((i) => d.labels[i]!), 'int32');
        const held: { logits?: tf.Tensor2D } = {};
        const { value, grads } = tf.variableGrads(() => {
          const logits = forward(batch, (i) => views.get(i)!, true, mixSeed(seed, 7, step));
          held.logits = tf.keep(logits);
          const ce = weightedSmoothedCrossEntropy(logits, y, d.numClasses, o.labelSmoothing, cw);
          return o.l2 > 0 ? ce.add(l2Penalty(penalised, o.l2)) : ce;
        }, vars);
        opt.apply(
          vars.map((v) => grads[v.name]!),
          lr,
        );
        const hits = held.logits!.argMax(1).equal(y).sum().dataSync()[0]!;
        held.logits!.dispose(); // kept past variableGrads' scope, so not freed by this tidy
        return [value.dataSync()[0]!, hits];
      });
      if (!Number.isFinite(loss)) throw new Error(`The training loss became ${loss} at step ${step + 1}; try a lower learning rate.`);
      step++;
      lossSum += loss * batch.length;
      correct += hit;
      if (charted) d.report({ type: 'step', step, epoch, loss, lr, itemsPerSecond: batch.length / Math.max(1e-6, (performance.now() - ts) / 1000) });
    }
    const val = evaluate(valSet);
    const seconds = (performance.now() - t0) / 1000;
    headSeconds += seconds;
    lastEpochMetrics = { trainLoss: lossSum / order.length, trainAccuracy: correct / order.length, valLoss: val.loss, valAccuracy: val.accuracy, epochSeconds: seconds };
    if (bestValLoss === null || val.loss < bestValLoss - 1e-6) {
      bestValLoss = val.loss;
      bestEpoch = epoch;
      stale = 0;
      tf.dispose(best ?? []);
      best = vars.map((v) => tf.clone(v));
    } else stale++;
    const last = epoch === budget.epochs || (budget.patience > 0 && stale >= budget.patience);
    if (charted) {
      // The checkpoint is written before the epoch is reported, and travels in the same report: a kill
      // anywhere loses at most the epoch in progress, never leaves a recorded epoch without its checkpoint.
      let saved: { step: number; path: string; bytes: number; sha256: string; bestEpoch: number } | undefined;
      if (last || epoch % budget.checkpointEvery === 0) {
        const tensors = new Map<string, tf.Tensor>();
        vars.forEach((v, i) => tensors.set(names[i]!, v));
        opt.state().tensors.forEach((t, k) => tensors.set(k, t));
        best!.forEach((t, i) => tensors.set(`best.${names[i]}`, t));
        const meta: CheckpointMeta = { epoch, step, optimizerStep: opt.step, bestValLoss, bestEpoch, epochsWithoutImprovement: stale, config };
        const path = join(d.checkpointDir!, `epoch-${String(epoch).padStart(4, '0')}.ckpt`);
        saved = { step, path, bestEpoch, ...(await saveCheckpoint(path, meta, tensors)) };
      }
      d.report({ type: 'epoch', epoch, metrics: lastEpochMetrics, numTensors: tf.memory().numTensors, headSeconds: seconds, ...(saved ? { checkpoint: saved } : {}) });
    }
    if (last) break;
  }

  await ortTail?.release();
  // Restore the best epoch's weights.
  if (best) vars.forEach((v, i) => v.assign(best![i]!));
  tf.dispose(best ?? []);
  const optimizerStep = opt.step;
  opt.dispose();
  cw?.dispose();
  return {
    vars,
    names,
    head,
    config,
    meta: { epoch: bestEpoch, step, optimizerStep, bestValLoss, bestEpoch, epochsWithoutImprovement: stale },
    lastEpochMetrics: { ...lastEpochMetrics, bestEpoch },
    headSeconds,
    evaluate,
    dispose: () => head.dispose(),
  };
}
