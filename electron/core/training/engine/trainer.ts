import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { Backbone } from '../../backbones/types';
import { defaultLearningRate, type TrainOptions } from '../../../../shared/api/methods/training';
import type { PlanItem } from '../data/types';
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

export interface TrainerDeps {
  backbone: Backbone;
  items: readonly PlanItem[];
  acts: CachedActivation[][];
  numClasses: number;
  /** Stage the trainable tail starts at; numBlocks (probe) means acts are pooled features. */
  cut: number;
  probe: boolean;
  options: TrainOptions;
  /** Test hook: sleep this long before each step (STUDIO_TRAIN_STEP_DELAY_MS in the training process). */
  stepDelayMs?: number;
  backend: string;
  checkpointDir: string;
  resumeFrom: string | null;
  report(msg: FromWorker): void;
  gate(): Promise<void>;
}

export interface TrainResult {
  metrics: Record<string, number>;
  modelPath: string;
}

/** The fit loop over cached activations: head (+ unfrozen blocks), AdamW, warmup + cosine, early stopping. */
export async function train(d: TrainerDeps): Promise<TrainResult> {
  const o = d.options;
  const idx = (s: PlanItem['subset']) => d.items.map((it, i) => (it.subset === s ? i : -1)).filter((i) => i >= 0);
  const trainIdx = idx('train');
  const valIdx = idx('val');
  const testIdx = idx('test');
  if (trainIdx.length === 0) throw new Error('The snapshot has no training items.');

  const sample = d.acts[trainIdx[0]!]![0]!;
  const lr0 = o.learningRate ?? defaultLearningRate(d.probe ? 'probe' : 'finetune');

  const featureDim = d.backbone.info.featureDim;
  const head: Head = createHead({ inDim: featureDim, numClasses: d.numClasses, hidden: o.hiddenUnits, dropout: o.dropout }, mixSeed(o.seed, 1));
  const tailVars = d.probe ? [] : d.backbone.trainableVariables(d.cut);
  const vars = [...head.variables, ...tailVars];
  const names = [...head.names, ...tailVars.map((_, i) => `tail.${i}`)];
  // No weight decay on biases and norm scales (rank < 2), as is usual for AdamW.
  const opt = new AdamW(vars, { weightDecay: o.weightDecay, decayMask: vars.map((v) => v.rank >= 2) });
  const penalised = vars.filter((v) => v.rank >= 2);
  const labelsAll = d.items.map((it) => it.label);
  const cw = o.classWeights ? tf.tensor1d(classWeightsFor(trainIdx.map((i) => labelsAll[i]!), d.numClasses)) : null;

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
  const forward = (batch: number[], view: (i: number) => number, training: boolean, dropoutSeed: number): tf.Tensor2D => {
    const acts = batch.map((i) => d.acts[i]![view(i)]!);
    const feats = featuresFromCache(d.backbone, acts, d.cut, d.probe);
    return head.apply(feats, training, dropoutSeed);
  };

  // A finetune step's memory is measured on the real tail before the batch size is chosen.
  const measured =
    !d.probe && !o.batchSize && !resumedBatch
      ? await measureStepBytes(
          (batch) => weightedSmoothedCrossEntropy(forward(batch, () => 0, true, 0), tf.tensor1d(batch.map((i) => labelsAll[i]!), 'int32'), d.numClasses, 0, null),
          vars,
          trainIdx.slice(0, 2),
        )
      : undefined;
  const batchSize = resumedBatch ?? pickBatchSize({ backend: d.backend, activationBytes: sample.x.data.length * 4, trainItems: trainIdx.length, probe: d.probe, requested: o.batchSize, measured, inUse: tf.memory().numBytes });
  const config = { mode: d.probe ? 'probe' : 'tail', cut: d.cut, batchSize, names, stepBytes: measured ?? null };
  const stepsPerEpoch = Math.ceil(trainIdx.length / batchSize);
  const totalSteps = stepsPerEpoch * o.epochs;
  const warmup = Math.round(totalSteps * o.warmupFraction);
  d.report({ type: 'plan', cut: d.cut, numBlocks: d.backbone.info.numBlocks, batchSize, stepsPerEpoch, startEpoch, epochs: o.epochs });

  const evaluate = (set: number[]): { loss: number; accuracy: number } => {
    if (set.length === 0) return { loss: NaN, accuracy: NaN };
    let lossSum = 0;
    let correct = 0;
    for (let s = 0; s < set.length; s += batchSize) {
      const batch = set.slice(s, s + batchSize);
      const [l, c] = tf.tidy(() => {
        const logits = forward(batch, () => 0, false, 0);
        const y = tf.tensor1d(batch.map((i) => labelsAll[i]!), 'int32');
        const loss = weightedSmoothedCrossEntropy(logits, y, d.numClasses, 0, null);
        const acc = logits.argMax(1).equal(y).sum();
        return [loss.dataSync()[0]!, acc.dataSync()[0]!];
      });
      lossSum += l * batch.length;
      correct += c;
    }
    return { loss: lossSum / set.length, accuracy: correct / set.length };
  };

  let headSeconds = 0;
  let lastEpochMetrics: Record<string, number> = {};
  for (let epoch = startEpoch; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    const rand = mulberry32(mixSeed(o.seed, epoch));
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
      const [loss, hit] = tf.tidy(() => {
        const y = tf.tensor1d(batch.map((i) => labelsAll[i]!), 'int32');
        const held: { logits?: tf.Tensor2D } = {};
        const { value, grads } = tf.variableGrads(() => {
          const logits = forward(batch, (i) => views.get(i)!, true, mixSeed(o.seed, 7, step));
          held.logits = tf.keep(logits);
          const ce = weightedSmoothedCrossEntropy(logits, y, d.numClasses, o.labelSmoothing, cw);
          return o.l2 > 0 ? ce.add(l2Penalty(penalised, o.l2)) : ce;
        }, vars);
        opt.apply(vars.map((v) => grads[v.name]!), lr);
        const hits = held.logits!.argMax(1).equal(y).sum().dataSync()[0]!;
        held.logits!.dispose(); // kept past variableGrads' scope, so not freed by this tidy
        return [value.dataSync()[0]!, hits];
      });
      if (!Number.isFinite(loss)) throw new Error(`The training loss became ${loss} at step ${step + 1}; try a lower learning rate.`);
      step++;
      lossSum += loss * batch.length;
      correct += hit;
      d.report({ type: 'step', step, epoch, loss, lr, itemsPerSecond: batch.length / Math.max(1e-6, (performance.now() - ts) / 1000) });
    }
    const val = evaluate(valIdx.length ? valIdx : trainIdx);
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
    const tensors = new Map<string, tf.Tensor>();
    vars.forEach((v, i) => tensors.set(names[i]!, v));
    opt.state().tensors.forEach((t, k) => tensors.set(k, t));
    best!.forEach((t, i) => tensors.set(`best.${names[i]}`, t));
    const meta: CheckpointMeta = { epoch, step, optimizerStep: opt.step, bestValLoss, bestEpoch, epochsWithoutImprovement: stale, config };
    const path = join(d.checkpointDir, `epoch-${String(epoch).padStart(4, '0')}.ckpt`);
    const saved = await saveCheckpoint(path, meta, tensors);
    d.report({ type: 'epoch', epoch, metrics: lastEpochMetrics, numTensors: tf.memory().numTensors, headSeconds: seconds });
    d.report({ type: 'checkpoint', epoch, step, path, ...saved });
    if (o.patience > 0 && stale >= o.patience) break;
  }

  // Restore the best epoch's weights, then the held-out figures.
  if (best) vars.forEach((v, i) => v.assign(best![i]!));
  d.report({ type: 'phase', phase: 'evaluating' });
  const val = evaluate(valIdx);
  const test = evaluate(testIdx);
  const modelPath = join(d.checkpointDir, 'model.ckpt');
  const finalTensors = new Map<string, tf.Tensor>(vars.map((v, i) => [names[i]!, v]));
  await saveCheckpoint(modelPath, { epoch: bestEpoch, step, optimizerStep: opt.step, bestValLoss, bestEpoch, epochsWithoutImprovement: stale, config }, finalTensors);
  tf.dispose(best ?? []);
  opt.dispose();
  head.dispose();
  cw?.dispose();
  const metrics: Record<string, number> = { ...lastEpochMetrics, bestEpoch, headSeconds };
  if (Number.isFinite(val.loss)) Object.assign(metrics, { valLoss: val.loss, valAccuracy: val.accuracy });
  if (Number.isFinite(test.loss)) Object.assign(metrics, { testLoss: test.loss, testAccuracy: test.accuracy });
  return { metrics, modelPath };
}
