import * as tf from '../../tf/tf';
import { join } from 'node:path';
import type { Backbone } from '../../backbones/types';
import type { TrainOptions } from '../../../../shared/api/methods/training';
import type { PlanItem } from '../data/types';
import type { FromWorker } from '../protocol';
import type { CachedActivation } from './feature-cache';
import { saveCheckpoint } from './checkpoint';
import type { SgdFit } from './sgd-fit';
import type { ProbeResult, Subset } from '../probe/fit-probe';
import { accuracyBand } from '../probe/select';

/** What the training paths (exact probe, SGD head, LP-FT) share: their inputs, the run's words for its decisions, saving the model. */

export interface TrainerDeps {
  backbone: Backbone;
  items: readonly PlanItem[];
  labelNames: readonly string[];
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

/** Whether a run's head is the exact logistic-regression probe (no hidden layer, solver not forced to SGD). */
export const usesExactHead = (o: Pick<TrainOptions, 'headSolver' | 'hiddenUnits'>): boolean => o.headSolver === 'exact' && o.hiddenUnits === 0;

export const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function estimateMetrics(accuracy: number, items: number, cv: boolean, folds: number): Record<string, number> {
  const m: Record<string, number> = { estimatedAccuracy: accuracy, estimateBand: accuracyBand(accuracy, items), estimateItems: items };
  if (cv) Object.assign(m, { cvAccuracy: accuracy, cvFolds: folds });
  return m;
}

export function probeInput(d: TrainerDeps, features: Float32Array[], subsets: Subset[], policy: 'cv' | 'split', c?: number) {
  return {
    features,
    labels: d.items.map((it) => it.label),
    subsets,
    numClasses: d.numClasses,
    policy,
    classWeights: d.options.classWeights,
    c: c ?? d.options.probeC,
    folds: d.options.cvFolds,
    seed: d.options.seed,
    keys: d.items.map((it) => it.contentHash),
  };
}

export function describeProbe(p: ProbeResult): Record<string, string | number> {
  const out: Record<string, string | number> = { c: p.c, cReason: p.cReason, estimate: p.estimate.kind };
  if (p.estimate.kind !== 'none') out.estimateText = estimateText(p.estimate.kind, p.estimate.accuracy, p.estimate.items, p.estimate.folds);
  return out;
}

export function estimateText(kind: 'cv' | 'val', accuracy: number, items: number, folds: number): string {
  const band = accuracyBand(accuracy, items);
  return kind === 'cv'
    ? `about ${pct(accuracy)} ± ${pct(band)}, estimated by ${folds}-fold cross-validation on ${items} items`
    : `${pct(accuracy)} ± ${pct(band)} on ${items} validation items`;
}

export async function saveHeadOnly(d: TrainerDeps, p: ProbeResult, cut: number, config: Record<string, unknown>, tail: tf.Variable[] = []): Promise<string> {
  const path = join(d.checkpointDir, 'model.ckpt');
  const w = tf.tensor2d(p.weight, [d.backbone.info.featureDim, d.numClasses]);
  const b = tf.tensor1d(p.bias);
  const tensors = new Map<string, tf.Tensor>([
    ['head.fc.weight', w],
    ['head.fc.bias', b],
  ]);
  tail.forEach((v, i) => tensors.set(`tail.${i}`, v));
  await saveCheckpoint(path, { epoch: 1, step: p.iterations, optimizerStep: 0, bestValLoss: null, bestEpoch: 1, epochsWithoutImprovement: 0, config: { ...config, cut } }, tensors);
  tf.dispose([w, b]);
  return path;
}

export function sgdBase(d: TrainerDeps) {
  return {
    backbone: d.backbone,
    acts: d.acts,
    labels: d.items.map((it) => it.label),
    numClasses: d.numClasses,
    cut: d.cut,
    probe: d.probe,
    options: d.options,
    backend: d.backend,
    stepDelayMs: d.stepDelayMs,
    report: d.report,
    gate: d.gate,
  };
}

/** Evaluates the final weights on val/test, writes model.ckpt, frees the head. */
export async function finish(d: TrainerDeps, fit: SgdFit, val: number[], test: number[], extra: Record<string, number>): Promise<TrainResult> {
  d.report({ type: 'phase', phase: 'evaluating' });
  const v = fit.evaluate(val);
  const t = fit.evaluate(test);
  const modelPath = join(d.checkpointDir, 'model.ckpt');
  await saveCheckpoint(modelPath, { ...fit.meta, config: fit.config }, new Map(fit.vars.map((x, i) => [fit.names[i]!, x])));
  fit.dispose();
  const metrics: Record<string, number> = { ...fit.lastEpochMetrics, headSeconds: fit.headSeconds, ...extra };
  delete metrics.valLoss;
  delete metrics.valAccuracy;
  if (val.length) Object.assign(metrics, { valLoss: v.loss, valAccuracy: v.accuracy });
  if (test.length) Object.assign(metrics, { testLoss: t.loss, testAccuracy: t.accuracy });
  return { metrics, modelPath };
}

