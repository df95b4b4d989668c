/**
 * A multinomial logistic-regression probe in plain TypeScript: small (hundreds of items, a few
 * hundred dimensions), full-batch and zero-initialised, so the same features always give the same
 * probe on any backend — what makes the rankings built on it reproducible.
 */
export interface ProbeOptions {
  /** L2 penalty on the weights (features are standardised, so one value suits most backbones). */
  l2?: number;
  steps?: number;
  lr?: number;
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

/** Fits the probe with Adam on the mean cross-entropy plus l2/2·|W|². */
export function fitProbe(xs: readonly ArrayLike<number>[], ys: readonly number[], classes: number, opts: ProbeOptions = {}): Probe {
  if (xs.length !== ys.length) throw new Error(`fitProbe: ${xs.length} rows but ${ys.length} labels`);
  if (xs.length === 0) throw new Error('fitProbe: no labeled rows');
  const dim = xs[0]!.length;
  const l2 = opts.l2 ?? 1;
  const steps = opts.steps ?? 150;
  const lr = opts.lr ?? 0.05;
  const n = xs.length;
  const p: Probe = { classes, dim, w: new Float64Array(classes * dim), b: new Float64Array(classes) };
  const gw = new Float64Array(classes * dim);
  const gb = new Float64Array(classes);
  const mw = new Float64Array(classes * dim);
  const vw = new Float64Array(classes * dim);
  const mb = new Float64Array(classes);
  const vb = new Float64Array(classes);
  const z = new Float64Array(classes);
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= steps; t++) {
    gw.fill(0);
    gb.fill(0);
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      logitsInto(p, x, z);
      softmaxInPlace(z);
      z[ys[i]!]! -= 1;
      for (let c = 0; c < classes; c++) {
        const g = z[c]! / n;
        if (g === 0) continue;
        gb[c]! += g;
        const off = c * dim;
        for (let d = 0; d < dim; d++) gw[off + d]! += g * x[d]!;
      }
    }
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let k = 0; k < gw.length; k++) {
      const g = gw[k]! + l2 * p.w[k]!;
      mw[k] = b1 * mw[k]! + (1 - b1) * g;
      vw[k] = b2 * vw[k]! + (1 - b2) * g * g;
      p.w[k]! -= (lr * (mw[k]! / c1)) / (Math.sqrt(vw[k]! / c2) + 1e-8);
    }
    for (let c = 0; c < classes; c++) {
      const g = gb[c]!;
      mb[c] = b1 * mb[c]! + (1 - b1) * g;
      vb[c] = b2 * vb[c]! + (1 - b2) * g * g;
      p.b[c]! -= (lr * (mb[c]! / c1)) / (Math.sqrt(vb[c]! / c2) + 1e-8);
    }
  }
  return p;
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
