import { createHash } from 'node:crypto';
import { mixSeed, mulberry32, shuffled } from '../engine/rng';
import { fitLogistic, predictProba, type Design, type LogisticParams } from './logistic';

/** Half-decades from 1e-3 to 1e2: scikit-learn's C scale, on standardised features. */
export const C_GRID = [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10, 30, 100];
/** scikit-learn's default C: kept unless the held-out data clearly prefer another. */
export const C_DEFAULT = 1;

/**
 * Stratified k-fold assignment: fold index per row, each class dealt round-robin after a seeded
 * shuffle. With `keys` (content hashes) the shuffle is an order by sha256(seed, key), so the same
 * files give the same folds whatever order they were imported in.
 */
export function stratifiedFolds(labels: ArrayLike<number>, rows: readonly number[], k: number, seed: number, keys?: readonly string[]): Map<number, number> {
  const byClass = new Map<number, number[]>();
  for (const r of rows) {
    const list = byClass.get(labels[r]!) ?? [];
    list.push(r);
    byClass.set(labels[r]!, list);
  }
  const fold = new Map<number, number>();
  let offset = 0;
  for (const [cls, list] of [...byClass.entries()].sort((a, b) => a[0] - b[0])) {
    const order = keys ? byHash(list, keys, seed) : shuffled(list, mulberry32(mixSeed(seed, 11, cls)));
    // Continue the deal where the previous class stopped, so small classes do not all start in fold 0.
    order.forEach((r, i) => fold.set(r, (offset + i) % k));
    offset = (offset + order.length) % k;
  }
  return fold;
}

function byHash(rows: readonly number[], keys: readonly string[], seed: number): number[] {
  const h = new Map(rows.map((r) => [r, createHash('sha256').update(`${seed}:${keys[r]}`).digest('hex')]));
  return [...rows].sort((a, b) => (h.get(a)! < h.get(b)! ? -1 : h.get(a)! > h.get(b)! ? 1 : a - b));
}

/** How many folds a pool supports: up to `want`, never more than the smallest class has items. */
export function foldsFor(labels: ArrayLike<number>, rows: readonly number[], want: number): number {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(labels[r]!, (counts.get(labels[r]!) ?? 0) + 1);
  return Math.min(want, ...counts.values());
}

/** Held-out predictions of every row of `heldOut` for each C of the grid. */
interface HeldOut {
  rows: number[];
  /** [grid index][position in rows] → log-loss, whether the argmax is right, and the probabilities (row-major, K each). */
  loss: Float64Array[];
  correct: Uint8Array[];
  probs: Float64Array[];
}

function scoreRows(d: Design, rows: Int32Array, theta: LogisticParams, into: { loss: Float64Array; correct: Uint8Array; probs: Float64Array }, at: number): void {
  const k = d.numClasses;
  const p = predictProba(d, rows, theta);
  into.probs.set(p, at * k);
  rows.forEach((r, i) => {
    const y = d.labels[r]!;
    into.loss[at + i] = -Math.log(Math.max(p[i * k + y]!, 1e-15));
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
    into.correct[at + i] = best === y ? 1 : 0;
  });
}

/**
 * Fits each (train, held-out) pair along the C grid, weakest C first, warm-starting each C from
 * the previous one. Past the default C, a pair stops once its held-out loss has risen twice in a
 * row: the weakly regularised fits are the slow ones and the loss over C is unimodal in practice.
 * C values a pair skipped get an infinite loss, so they cannot be chosen.
 */
function heldOutPath(d: Design, pairs: Array<{ train: Int32Array; test: Int32Array }>, grid: readonly number[], onFit?: () => void): HeldOut & { thetas: Array<LogisticParams | null> } {
  const rows = pairs.flatMap((p) => [...p.test]);
  const loss = grid.map(() => new Float64Array(rows.length).fill(Infinity));
  const correct = grid.map(() => new Uint8Array(rows.length));
  const probs = grid.map(() => new Float64Array(rows.length * d.numClasses));
  const thetas: Array<LogisticParams | null> = grid.map(() => null);
  const anchor = grid.indexOf(C_DEFAULT);
  let at = 0;
  for (const pair of pairs) {
    let theta: LogisticParams | undefined;
    const means: number[] = [];
    for (let g = 0; g < grid.length; g++) {
      // scikit-learn's LogisticRegressionCV budget per C (max_iter 100), and a tolerance that moves
      // the held-out loss by less than 1e-3; the final refit runs tighter.
      theta = fitLogistic(d, pair.train, grid[g]!, theta, { maxIter: 100, gradTol: 1e-5, fTol: 1e-6 }).theta;
      thetas[g] = theta;
      scoreRows(d, pair.test, theta, { loss: loss[g]!, correct: correct[g]!, probs: probs[g]! }, at);
      onFit?.();
      means.push(loss[g]!.subarray(at, at + pair.test.length).reduce((a, b) => a + b, 0) / pair.test.length);
      if (g >= anchor && g >= 2 && means[g]! > means[g - 1]! && means[g - 1]! > means[g - 2]!) break;
    }
    at += pair.test.length;
  }
  return { rows, loss, correct, probs, thetas };
}

export interface Selection {
  c: number;
  /** Why this C: the default kept, or another preferred by the held-out loss. */
  reason: string;
  /** Accuracy of the chosen C on the held-out rows, and how many rows that is. */
  heldOutAccuracy: number;
  heldOutLoss: number;
  heldOutItems: number;
  /** Per-row held-out correctness and probabilities (K per row) at the chosen C: out-of-fold predictions under k-fold. */
  correct: Uint8Array;
  probs: Float64Array;
  heldOutRows: number[];
  /** The fit at the chosen C on the last pair's training rows: a warm start for the final refit. */
  warmStart: LogisticParams | null;
}

/**
 * Picks C by weighted held-out log-loss, anchored on scikit-learn's default: another C replaces it
 * only when its mean per-item loss is lower by more than two standard errors of the paired
 * difference and it gets at least as many held-out items right (log-loss rewards calibration, so
 * on its own it leans to stronger penalties than accuracy wants). On a few dozen images the loss curve over C is mostly noise, and chasing its minimum
 * cost up to 1.5 points against C = 1 on Fashion-MNIST few-shot draws; with clear evidence (many
 * items, or features where C = 1 badly over- or under-fits) the data decide.
 */
export function selectC(d: Design, pairs: Array<{ train: Int32Array; test: Int32Array }>, grid: readonly number[] = C_GRID, onFit?: () => void): Selection {
  const h = heldOutPath(d, pairs, grid, onFit);
  const w = h.rows.map((r) => d.weights[r]!);
  const wsum = w.reduce((a, b) => a + b, 0);
  const meanLoss = (g: number) => h.loss[g]!.reduce((a, l, i) => a + w[i]! * l, 0) / wsum;
  const losses = grid.map((_, g) => meanLoss(g)); // Infinity where a pair stopped before this C
  const best = losses.indexOf(Math.min(...losses));
  const anchor = grid.indexOf(C_DEFAULT);
  let pick = anchor;
  let reason = `C = ${C_DEFAULT} (scikit-learn's default) kept: no other value did clearly better on held-out items`;
  if (anchor < 0) pick = best;
  else if (best !== anchor) {
    const n = h.rows.length;
    const diff = h.rows.map((_, i) => h.loss[anchor]![i]! - h.loss[best]![i]!);
    // The anchor is always fitted (pairs stop only past it), so these differences are finite.
    const mean = diff.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(diff.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
    const hits = (g: number) => h.correct[g]!.reduce((a, b) => a + b, 0);
    if (mean > 2 * (sd / Math.sqrt(n)) && hits(best) >= hits(anchor)) {
      pick = best;
      reason = `C = ${grid[best]} chosen: on held-out items its loss beat the default's by more than two standard errors, at no loss of accuracy`;
    }
  }
  const correct = h.correct[pick]!;
  const hits = correct.reduce((a, b) => a + b, 0);
  return { c: grid[pick]!, reason, heldOutAccuracy: hits / h.rows.length, heldOutLoss: losses[pick]!, heldOutItems: h.rows.length, correct, probs: h.probs[pick]!, heldOutRows: h.rows, warmStart: h.thetas[pick] };
}

/** k (train, held-out) pairs of a stratified k-fold split of `rows`. */
export function kFoldPairs(labels: ArrayLike<number>, rows: readonly number[], k: number, seed: number, keys?: readonly string[]): Array<{ train: Int32Array; test: Int32Array }> {
  const fold = stratifiedFolds(labels, rows, k, seed, keys);
  return Array.from({ length: k }, (_, f) => ({
    train: Int32Array.from(rows.filter((r) => fold.get(r) !== f)),
    test: Int32Array.from(rows.filter((r) => fold.get(r) === f)),
  }));
}

/** 95 % Wilson score half-width for an accuracy p measured on n items. */
export function accuracyBand(p: number, n: number): number {
  if (n <= 0) return 1;
  const z = 1.96;
  return (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
}
