import { fitLogistic, predictProba, standardize, standardizer, toRawSpace, type Design } from './logistic';
import { accuracyBand, C_DEFAULT, foldsFor, kFoldPairs, selectC, type Selection } from './select';

/** null: left out of this fit (another fold's, or not labelled for it). */
export type Subset = 'train' | 'val' | 'test' | null;
export type Policy = 'cv' | 'split';

export interface ProbeInput {
  /** One feature vector per item (the backbone's pooled features, view 0). */
  features: Float32Array[];
  labels: readonly number[];
  subsets: readonly Subset[];
  numClasses: number;
  policy: Policy;
  classWeights: boolean;
  /** A fixed C (inverse regularisation strength); omit to choose it on held-out data. */
  c?: number;
  folds: number;
  seed: number;
  /** Per-item content hashes: folds follow the files, not their import order. */
  keys?: readonly string[];
  /**
   * After C is chosen on the validation subset, refit on train + validation (more data for the
   * model a user keeps; its validation figure is then the held-out one from selection). Off for
   * LP-FT's starting head, which must not have seen the items finetune is judged on.
   */
  refitWithVal?: boolean;
  onFit?(done: number, total: number): void;
  onIteration?(iter: number, loss: number): void;
}

/** How good the kept model is expected to be on new items, and how that was measured. */
export interface Estimate {
  kind: 'cv' | 'val' | 'none';
  accuracy: number;
  /** 95 % half-width. */
  band: number;
  items: number;
  folds: number;
}

/** Each held-out row's class probabilities from the fold that did not train on it. */
export interface OutOfFold {
  rows: number[];
  probs: number[][];
}

export interface ProbeResult {
  weight: Float32Array;
  bias: Float32Array;
  c: number;
  cReason: string;
  estimate: Estimate;
  /** Rows the final model was fitted on. */
  fitRows: number[];
  selection: Selection | null;
  /** Under 'cv': the cross-validated predictions behind the estimate. */
  outOfFold: OutOfFold | null;
  iterations: number;
  converged: boolean;
  metrics: Record<string, number>;
}

/** Inverse-frequency weights over `rows` (scikit-learn's class_weight='balanced'), per row of the whole design. */
export function balancedWeights(labels: readonly number[], rows: readonly number[], k: number): Float64Array {
  const counts = new Array<number>(k).fill(0);
  for (const r of rows) counts[labels[r]!]!++;
  const present = counts.filter((c) => c > 0).length;
  return Float64Array.from(labels, (y) => (counts[y]! > 0 ? rows.length / (present * counts[y]!) : 1));
}

/** Class probabilities of raw features under a fitted head (what the stored model predicts, in float64). */
export function headProbs(head: Pick<ProbeResult, 'weight' | 'bias'>, features: readonly Float32Array[], rows: readonly number[]): number[][] {
  const k = head.bias.length;
  return rows.map((r) => {
    const f = features[r]!;
    const z = Array.from(head.bias, Number);
    for (let j = 0; j < f.length; j++) for (let c = 0; c < k; c++) z[c] += f[j]! * head.weight[j * k + c]!;
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
}

function accuracyAndLoss(d: Design, rows: Int32Array, theta: Float64Array): { accuracy: number; loss: number } {
  if (rows.length === 0) return { accuracy: NaN, loss: NaN };
  const k = d.numClasses;
  const p = predictProba(d, rows, theta);
  let hits = 0;
  let loss = 0;
  rows.forEach((r, i) => {
    const y = d.labels[r]!;
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
    if (best === y) hits++;
    loss -= Math.log(Math.max(p[i * k + y]!, 1e-15));
  });
  return { accuracy: hits / rows.length, loss: loss / rows.length };
}

/**
 * The default probe: multinomial logistic regression on standardised features, fitted by L-BFGS
 * in float64 (the final fit warm-started from the C search, within scikit-learn's 100-iteration
 * budget), C chosen on held-out data. Small data ('cv'): every labelled item
 * is in the pool, C and the accuracy estimate come from stratified k-fold cross-validation, and
 * the final model is refitted on all of them. Enough data ('split'): C chosen on the validation
 * subset (or k-fold on train when there is none), refitted on train (+ validation), judged on test.
 */
export function fitProbe(p: ProbeInput): ProbeResult {
  const n = p.features.length;
  const dim = p.features[0]?.length ?? 0;
  const all = Array.from({ length: n }, (_, i) => i);
  const pool = p.policy === 'cv' ? all : all.filter((i) => p.subsets[i] === 'train');
  const val = p.policy === 'cv' ? [] : all.filter((i) => p.subsets[i] === 'val');
  const test = p.policy === 'cv' ? [] : all.filter((i) => p.subsets[i] === 'test');
  if (pool.length === 0) throw new Error('The snapshot has no training items.');
  const scale = standardizer(
    pool.map((i) => p.features[i]!),
    dim,
  );
  const d: Design = {
    x: standardize(p.features, dim, scale),
    n,
    dim,
    labels: Int32Array.from(p.labels),
    weights: p.classWeights ? balancedWeights(p.labels, pool, p.numClasses) : new Float64Array(n).fill(1),
    numClasses: p.numClasses,
  };

  let selection: Selection | null = null;
  let folds = 0;
  const useVal = p.c === undefined && p.policy === 'split' && val.length > 0;
  if (p.c === undefined) {
    folds = useVal ? 1 : foldsFor(p.labels, pool, p.folds);
    const pairs = useVal ? [{ train: Int32Array.from(pool), test: Int32Array.from(val) }] : folds >= 2 ? kFoldPairs(p.labels, pool, folds, p.seed, p.keys) : [];
    if (pairs.length > 0) {
      let done = 0;
      const total = pairs.length * 11 + 1;
      selection = selectC(d, pairs, undefined, () => p.onFit?.(++done, total));
    }
  }
  const c = p.c ?? selection?.c ?? C_DEFAULT;
  const cReason =
    p.c !== undefined ? `C = ${p.c} set in the run's settings` : (selection?.reason ?? `C = ${C_DEFAULT} (scikit-learn's default): too few items per class to hold any out`);

  const fitRows = useVal && selection && p.refitWithVal !== false ? [...pool, ...val] : pool;
  const fit = fitLogistic(d, Int32Array.from(fitRows), c, selection?.warmStart ?? undefined, { maxIter: 100, gradTol: 1e-5, fTol: 1e-8, onIteration: p.onIteration });
  const train = accuracyAndLoss(d, Int32Array.from(fitRows), fit.theta);
  const metrics: Record<string, number> = { trainAccuracy: train.accuracy, trainLoss: train.loss, probeC: c, probeIterations: fit.iterations };
  // Validation figures always come from a model that did not train on those items.
  const v = fitRows.length > pool.length ? { accuracy: selection!.heldOutAccuracy, loss: selection!.heldOutLoss } : accuracyAndLoss(d, Int32Array.from(val), fit.theta);
  const t = accuracyAndLoss(d, Int32Array.from(test), fit.theta);
  if (val.length) Object.assign(metrics, { valAccuracy: v.accuracy, valLoss: v.loss });
  if (test.length) Object.assign(metrics, { testAccuracy: t.accuracy, testLoss: t.loss });

  let estimate: Estimate = { kind: 'none', accuracy: NaN, band: NaN, items: 0, folds: 0 };
  if (p.policy === 'cv' && selection) {
    estimate = { kind: 'cv', accuracy: selection.heldOutAccuracy, band: accuracyBand(selection.heldOutAccuracy, selection.heldOutItems), items: selection.heldOutItems, folds };
  } else if (val.length) estimate = { kind: 'val', accuracy: v.accuracy, band: accuracyBand(v.accuracy, val.length), items: val.length, folds: 0 };
  if (estimate.kind !== 'none') Object.assign(metrics, { estimatedAccuracy: estimate.accuracy, estimateBand: estimate.band, estimateItems: estimate.items });
  if (estimate.kind === 'cv') Object.assign(metrics, { cvAccuracy: estimate.accuracy, cvFolds: folds });

  const raw = toRawSpace(fit.theta, dim, p.numClasses, scale);
  const outOfFold =
    estimate.kind === 'cv' && selection
      ? { rows: selection.heldOutRows, probs: selection.heldOutRows.map((_, i) => Array.from(selection.probs.subarray(i * p.numClasses, (i + 1) * p.numClasses))) }
      : null;
  if (fitRows.length > pool.length) metrics.refitItems = fitRows.length;
  return { ...raw, c, cReason, estimate, fitRows, selection, outOfFold, iterations: fit.iterations, converged: fit.converged, metrics };
}
