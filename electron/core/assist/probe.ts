import { fitLogistic } from '../training/probe/logistic';

/**
 * The labelling assistant's probe: multinomial logistic regression on standardised features, solved
 * to convergence by the same float64 solver as the training probe (training/probe), so the same
 * features always give the same probe on any backend — what makes the rankings built on it
 * reproducible.
 */
export interface ProbeOptions {
  /** L2 penalty on the weights, l2/2·|W|² beside the mean cross-entropy (features are standardised, so one value suits most backbones). */
  l2?: number;
}

export interface Probe {
  classes: number;
  dim: number;
  /** w[c * dim + d] */
  w: Float64Array;
  b: Float64Array;
}

function logitsInto(p: Probe, x: ArrayLike<number>, out: Float64Array): void {
  const { dim, classes, w, b } = p;
  for (let c = 0; c < classes; c++) {
    let s = b[c]!;
    const off = c * dim;
    for (let d = 0; d < dim; d++) s += w[off + d]! * x[d]!;
    out[c] = s;
  }
}

function softmaxInPlace(z: Float64Array): void {
  let m = -Infinity;
  for (const v of z) if (v > m) m = v;
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += z[i] = Math.exp(z[i]! - m);
  for (let i = 0; i < z.length; i++) z[i]! /= sum;
}

/** Minimises the mean cross-entropy plus l2/2·|W|² (scikit-learn's C = 1 / (l2·n)). */
export function fitProbe(xs: readonly ArrayLike<number>[], ys: readonly number[], classes: number, opts: ProbeOptions = {}): Probe {
  if (xs.length !== ys.length) throw new Error(`fitProbe: ${xs.length} rows but ${ys.length} labels`);
  if (xs.length === 0) throw new Error('fitProbe: no labeled rows');
  const dim = xs[0]!.length;
  const n = xs.length;
  const x = new Float64Array(n * dim);
  xs.forEach((row, i) => {
    for (let d = 0; d < dim; d++) x[i * dim + d] = row[d]!;
  });
  const design = { x, n, dim, labels: Int32Array.from(ys), weights: new Float64Array(n).fill(1), numClasses: classes };
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const { theta } = fitLogistic(design, rows, 1 / ((opts.l2 ?? 1) * n), undefined, { maxIter: 300, gradTol: 1e-6 });
  return { classes, dim, w: theta.slice(0, classes * dim), b: theta.slice(classes * dim) };
}

/** Softmax probabilities, one row per input. */
export function probeProba(p: Probe, xs: readonly ArrayLike<number>[]): Float64Array[] {
  return xs.map((x) => {
    const z = new Float64Array(p.classes);
    logitsInto(p, x, z);
    softmaxInPlace(z);
    return z;
  });
}

/** Index of the largest value (first on ties), and the two largest values. */
export function top2(p: ArrayLike<number>): { best: number; p1: number; p2: number } {
  let best = 0;
  let p1 = -Infinity;
  let p2 = -Infinity;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v > p1) {
      p2 = p1;
      p1 = v;
      best = i;
    } else if (v > p2) p2 = v;
  }
  return { best, p1, p2: p2 === -Infinity ? 0 : p2 };
}

/**
 * A probe fitted on the rows `train` over only the classes they carry, and its probabilities for the
 * rows `predict`; output k is dataset class `classes[k]`. Null with fewer than two classes to tell apart.
 */
export function probeOnPresent(
  x: readonly ArrayLike<number>[],
  labels: readonly (number | null)[],
  train: readonly number[],
  predict: readonly number[],
  opts?: ProbeOptions,
): { classes: number[]; local: Map<number, number>; probs: Float64Array[] } | null {
  const classes = [...new Set(train.map((i) => labels[i]!))].sort((a, b) => a - b);
  if (classes.length < 2) return null;
  const local = new Map(classes.map((c, k) => [c, k]));
  const probe = fitProbe(
    train.map((i) => x[i]!),
    train.map((i) => local.get(labels[i]!)!),
    classes.length,
    opts,
  );
  return { classes, local, probs: probeProba(probe, predict.map((i) => x[i]!)) };
}
