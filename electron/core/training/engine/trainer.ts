import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { Backbone } from '../../backbones/types';
import type { TrainOptions } from '../../../../shared/api/methods/training';
import type { PlanItem } from '../data/types';
import type { FromWorker } from '../protocol';
import { featuresFromCache } from './activations';
import type { CachedActivation } from './feature-cache';
import { saveCheckpoint } from './checkpoint';
import { fitSgd, type SgdFit } from './sgd-fit';
import { fitProbe, headProbs, type ProbeResult, type Subset } from '../probe/fit-probe';
import { writeOutOfFold } from '../probe/out-of-fold';
import { accuracyBand, foldsFor, kFoldPairs } from '../probe/select';
import { choosePolicy } from '../probe/policy';

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

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Subsets for the policy: under 'cv' every labelled item trains and nothing is held out. */
function subsetsFor(d: TrainerDeps, policy: 'cv' | 'split'): Subset[] {
  return d.items.map((it) => (policy === 'cv' ? 'train' : it.subset));
}

function estimateMetrics(accuracy: number, items: number, cv: boolean, folds: number): Record<string, number> {
  const m: Record<string, number> = { estimatedAccuracy: accuracy, estimateBand: accuracyBand(accuracy, items), estimateItems: items };
  if (cv) Object.assign(m, { cvAccuracy: accuracy, cvFolds: folds });
  return m;
}

/**
 * One run's training, by mode and data size: the exact probe (logistic regression to convergence),
 * an SGD head (hidden layer or asked for), or LP-FT finetune (the converged probe first, then the unfrozen
 * blocks at a lower rate, kept only if held-out data say it beats the probe).
 */
export async function train(d: TrainerDeps): Promise<TrainResult> {
  const o = d.options;
  // Cross-validating an SGD-trained head would mean k more training runs: that path keeps the split.
  const choice = usesExactHead(o)
    ? choosePolicy(d.items, d.labelNames, o.validation)
    : { policy: 'split' as const, reason: 'train/validation/test split (an epoch-by-epoch head is judged on held-out items, not cross-validated)' };
  d.report({ type: 'decision', decision: { policy: choice.policy, policyReason: choice.reason } });
  const subsets = subsetsFor(d, choice.policy);
  if (!usesExactHead(o)) return sgdOnly(d, subsets);
  return d.probe ? exactProbe(d, choice.policy, subsets) : lpFt(d, choice.policy, subsets);
}

function probeInput(d: TrainerDeps, features: Float32Array[], subsets: Subset[], policy: 'cv' | 'split', c?: number) {
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

function describeProbe(p: ProbeResult): Record<string, string | number> {
  const out: Record<string, string | number> = { c: p.c, cReason: p.cReason, estimate: p.estimate.kind };
  if (p.estimate.kind !== 'none') out.estimateText = estimateText(p.estimate.kind, p.estimate.accuracy, p.estimate.items, p.estimate.folds);
  return out;
}

function estimateText(kind: 'cv' | 'val', accuracy: number, items: number, folds: number): string {
  const band = accuracyBand(accuracy, items);
  return kind === 'cv'
    ? `about ${pct(accuracy)} ± ${pct(band)}, estimated by ${folds}-fold cross-validation on ${items} items`
    : `${pct(accuracy)} ± ${pct(band)} on ${items} validation items`;
}

async function saveHeadOnly(d: TrainerDeps, p: ProbeResult, cut: number, config: Record<string, unknown>, tail: tf.Variable[] = []): Promise<string> {
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

async function exactProbe(d: TrainerDeps, policy: 'cv' | 'split', subsets: Subset[]): Promise<TrainResult> {
  const t0 = performance.now();
  const features = d.acts.map((a) => a[0]!.x.data);
  const pool = subsets.filter((s) => s === 'train').length;
  await d.gate();
  const losses: number[] = [];
  const p = fitProbe({
    ...probeInput(d, features, subsets, policy),
    onFit: (done, total) => (done === total || done % 10 === 0 ? d.report({ type: 'phase', phase: 'training', detail: `choosing regularisation: ${done}/${total} fits` }) : undefined),
    onIteration: (_, loss) => losses.push(loss),
  });
  const seconds = (performance.now() - t0) / 1000;
  // The final fit's solver iterations are the run's steps: the loss curve a user watches fall (a whole-batch step each).
  d.report({ type: 'plan', cut: d.cut, numBlocks: d.backbone.info.numBlocks, batchSize: p.fitRows.length, stepsPerEpoch: Math.max(1, losses.length), startEpoch: 1, epochs: 1 });
  losses.forEach((loss, i) => d.report({ type: 'step', step: i + 1, epoch: 1, loss, lr: 0, itemsPerSecond: (p.fitRows.length * losses.length) / Math.max(1e-6, seconds) }));
  d.report({ type: 'decision', decision: describeProbe(p) });
  d.report({ type: 'epoch', epoch: 1, metrics: { ...p.metrics, epochSeconds: seconds }, numTensors: tf.memory().numTensors, headSeconds: seconds });
  const modelPath = await saveHeadOnly(d, p, d.backbone.info.numBlocks, { mode: 'probe', batchSize: pool, names: ['head.fc.weight', 'head.fc.bias'], solver: 'exact' });
  if (p.outOfFold) writeOutOfFold(d.checkpointDir, { method: 'cross-validation', folds: p.estimate.folds, model: 'probe', items: p.outOfFold.rows.map((r, i) => ({ itemId: d.items[r]!.itemId, probs: p.outOfFold!.probs[i]! })) });
  return { metrics: { ...p.metrics, bestEpoch: 1, headSeconds: seconds }, modelPath };
}

/** The head trained by SGD from a random start (a hidden layer, or headSolver 'sgd'), with the unfrozen blocks in finetune. */
async function sgdOnly(d: TrainerDeps, subsets: Subset[]): Promise<TrainResult> {
  const idx = (s: Subset) => subsets.flatMap((x, i) => (x === s ? [i] : []));
  const fit = await fitSgd({ ...sgdBase(d), trainIdx: idx('train'), valIdx: idx('val'), checkpointDir: d.checkpointDir, resumeFrom: d.resumeFrom });
  return finish(d, fit, idx('val'), idx('test'), {});
}

function sgdBase(d: TrainerDeps) {
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
async function finish(d: TrainerDeps, fit: SgdFit, val: number[], test: number[], extra: Record<string, number>): Promise<TrainResult> {
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

/** Pooled features (view 0) through the still-pretrained tail: what the starting probe is fitted on. */
function pooledFeatures(d: TrainerDeps): Float32Array[] {
  const out: Float32Array[] = [];
  for (let s = 0; s < d.acts.length; s += 32) {
    const acts = d.acts.slice(s, s + 32).map((a) => a[0]!);
    const data = tf.tidy(() => featuresFromCache(d.backbone, acts, d.cut, false).dataSync() as Float32Array);
    const dim = data.length / acts.length;
    acts.forEach((_, i) => out.push(data.slice(i * dim, (i + 1) * dim)));
  }
  return out;
}

/**
 * LP-FT: fit the exact probe, start the finetune from it, and keep whichever does better on
 * held-out items — the validation subset when there is one, else k-fold cross-validation
 * (k ≤ 3: every fold is a whole finetune) over the training pool.
 */
async function lpFt(d: TrainerDeps, policy: 'cv' | 'split', subsets: Subset[]): Promise<TrainResult> {
  const o = d.options;
  const all = subsets.map((_, i) => i);
  const pool = all.filter((i) => subsets[i] === 'train');
  const val = all.filter((i) => subsets[i] === 'val');
  const test = all.filter((i) => subsets[i] === 'test');
  const tail = d.backbone.trainableVariables(d.cut);
  const pristine = tail.map((v) => tf.clone(v));
  const restoreTail = () => tail.forEach((v, i) => v.assign(pristine[i]!));

  d.report({ type: 'phase', phase: 'training', detail: 'fitting the starting probe' });
  const features = pooledFeatures(d);
  const lp = fitProbe({ ...probeInput(d, features, subsets, policy), refitWithVal: false });
  d.report({ type: 'decision', decision: { ...describeProbe(lp) } });
  const labels = d.items.map((it) => it.label);

  let lpHits = 0;
  let ftHits = 0;
  // Per held-out item: finetune right minus probe right (−1, 0 or 1), for the paired comparison.
  const diffs: number[] = [];
  const argmax = (p: number[]) => p.indexOf(Math.max(...p));
  const lpOof: Array<{ itemId: number; probs: number[] }> = [];
  const ftOof: Array<{ itemId: number; probs: number[] }> = [];
  let held = 0;
  let final: SgdFit | null = null;
  let how: string;
  let folds = 0;
  if (val.length > 0) {
    final = await fitSgd({ ...sgdBase(d), trainIdx: pool, valIdx: val, initHead: lp, checkpointDir: d.checkpointDir, resumeFrom: d.resumeFrom });
    held = val.length;
    const ftRight = final.evaluate(val).correct;
    const lpRight = headProbs(lp, features, val).map((p, i) => (argmax(p) === labels[val[i]!] ? 1 : 0));
    val.forEach((_, i) => diffs.push(ftRight[i]! - lpRight[i]!));
    ftHits = ftRight.reduce((a, b) => a + b, 0);
    lpHits = lpRight.reduce<number>((a, b) => a + b, 0);
    how = `${held} validation items`;
  } else {
    folds = foldsFor(labels, pool, Math.min(3, o.cvFolds));
    if (folds >= 2) {
      const pairs = kFoldPairs(labels, pool, folds, o.seed, d.items.map((it) => it.contentHash));
      for (const [f, pair] of pairs.entries()) {
        d.report({ type: 'phase', phase: 'training', detail: `comparing finetune with the probe: fold ${f + 1} of ${folds}` });
        const foldSubsets: Subset[] = all.map(() => null);
        pair.train.forEach((i) => (foldSubsets[i] = 'train'));
        pair.test.forEach((i) => (foldSubsets[i] = 'test'));
        const foldLp = fitProbe(probeInput(d, features, foldSubsets, 'split', lp.c));
        restoreTail();
        const ft = await fitSgd({ ...sgdBase(d), trainIdx: [...pair.train], valIdx: [], initHead: foldLp, salt: f + 1, checkpointDir: null, resumeFrom: null });
        const ftEval = ft.evaluate([...pair.test]);
        ft.dispose();
        const lpProbs = headProbs(foldLp, features, [...pair.test]);
        pair.test.forEach((r, i) => {
          const lpRight = argmax(lpProbs[i]!) === labels[r] ? 1 : 0;
          ftHits += ftEval.correct[i]!;
          lpHits += lpRight;
          diffs.push(ftEval.correct[i]! - lpRight);
          lpOof.push({ itemId: d.items[r]!.itemId, probs: lpProbs[i]! });
          ftOof.push({ itemId: d.items[r]!.itemId, probs: ftEval.probs[i]! });
        });
        held += pair.test.length;
      }
      how = `${folds}-fold cross-validation on ${held} items`;
    } else how = 'no items to hold out';
  }

  // Finetune is kept when it beats the probe on held-out items by more than one standard error of
  // the paired difference. A win by an item or two is noise: on few-shot Fashion-MNIST such
  // finetunes lost up to 1.2 points to the probe on the test set.
  const mean = diffs.length ? diffs.reduce((a, b) => a + b, 0) / diffs.length : 0;
  const se = diffs.length > 1 ? Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (diffs.length - 1) / diffs.length) : Infinity;
  const keepFt = held === 0 || mean > se;
  const lpAcc = held ? lpHits / held : NaN;
  const ftAcc = held ? ftHits / held : NaN;
  const keptReason =
    held === 0
      ? 'finetune kept as asked: too few items per class to compare it with the probe'
      : keepFt
        ? `finetune kept: ${pct(ftAcc)} vs the probe's ${pct(lpAcc)} on ${how}`
        : `probe kept: finetune's ${pct(ftAcc)} did not clearly beat the probe's ${pct(lpAcc)} on ${how}`;
  const extra: Record<string, number> = { keptFinetune: keepFt ? 1 : 0, probeC: lp.c };
  if (held) Object.assign(extra, { probeHeldOutAccuracy: lpAcc, finetuneHeldOutAccuracy: ftAcc });
  const kept = keepFt ? ftAcc : lpAcc;
  const cv = val.length === 0;
  if (held) Object.assign(extra, estimateMetrics(kept, held, cv && policy === 'cv', folds));
  const decision: Record<string, string | number> = { kept: keepFt ? 'finetune' : 'probe', keptReason };
  if (held) decision.estimateText = cv ? estimateText('cv', kept, held, folds) : estimateText('val', kept, held, 0);
  d.report({ type: 'decision', decision });
  if (cv && held && policy === 'cv') writeOutOfFold(d.checkpointDir, { method: 'cross-validation', folds, model: keepFt ? 'finetune' : 'probe', items: keepFt ? ftOof : lpOof });

  if (keepFt) {
    if (!final) {
      restoreTail();
      final = await fitSgd({ ...sgdBase(d), trainIdx: pool, valIdx: [], initHead: lp, checkpointDir: d.checkpointDir, resumeFrom: d.resumeFrom });
    }
    tf.dispose(pristine);
    return finish(d, final, val, test, extra);
  }
  final?.dispose();
  restoreTail();
  tf.dispose(pristine);
  // The probe on the pretrained blocks, stored as a finetune checkpoint (tail included) so every reader treats the run alike.
  d.report({ type: 'epoch', epoch: 1, metrics: { ...lp.metrics }, numTensors: tf.memory().numTensors, headSeconds: 0 });
  const modelPath = await saveHeadOnly(d, lp, d.cut, { mode: 'tail', batchSize: pool.length, names: ['head.fc.weight', 'head.fc.bias', ...tail.map((_, i) => `tail.${i}`)], solver: 'exact' }, tail);
  return { metrics: { ...lp.metrics, ...extra, bestEpoch: 1, headSeconds: 0 }, modelPath };
}
