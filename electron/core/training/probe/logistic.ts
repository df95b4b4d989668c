import { minimizeLbfgs } from './lbfgs';

/** Rows of standardised features (row-major, n × dim) with their labels and sample weights. */
export interface Design {
  x: Float64Array;
  n: number;
  dim: number;
  labels: Int32Array;
  /** Per-row weight (class balancing); all 1 for an unweighted fit. */
  weights: Float64Array;
  numClasses: number;
}

/**
 * Weights K × dim (class-major, so the hot loops run over contiguous features) followed by K
 * biases: the layout the solver optimises.
 */
export type LogisticParams = Float64Array;

export const paramCount = (dim: number, k: number): number => dim * k + k;

/** Logits of one row into out (length K). */
function rowLogits(x: Float64Array, off: number, dim: number, theta: LogisticParams, k: number, out: Float64Array): void {
  const bias = dim * k;
  for (let c = 0; c < k; c++) {
    const w = c * dim;
    let z = theta[bias + c]!;
    for (let j = 0; j < dim; j++) z += x[off + j]! * theta[w + j]!;
    out[c] = z;
  }
}

/** In-place softmax of out[0..k). */
function softmaxInPlace(out: Float64Array, k: number): void {
  let m = -Infinity;
  for (let c = 0; c < k; c++) m = Math.max(m, out[c]!);
  let z = 0;
  for (let c = 0; c < k; c++) {
    out[c] = Math.exp(out[c]! - m);
    z += out[c]!;
  }
  for (let c = 0; c < k; c++) out[c] /= z;
}

/**
 * scikit-learn's multinomial objective divided by C·Σs (same minimiser):
 * (1/Σs) Σ s_i CE_i + ‖W‖² / (2 C Σs), biases not penalised. `rows` restricts it to a subset (a CV fold).
 */
export function logisticObjective(d: Design, rows: Int32Array, c: number) {
  const k = d.numClasses;
  const dim = d.dim;
  let wsum = 0;
  for (const i of rows) wsum += d.weights[i]!;
  const reg = 1 / (c * wsum);
  const x = d.x;
  const labels = d.labels;
  const weights = d.weights;
  // Four rows at a time: each weight is loaded once per four multiply-adds (the loops are load-bound).
  const probs = new Float64Array(4 * k);
  const g = new Float64Array(4 * k);
  const p = new Float64Array(k);
  return (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const bias = dim * k;
    for (let r0 = 0; r0 < rows.length; r0 += 4) {
      const m = Math.min(4, rows.length - r0);
      const o0 = rows[r0]! * dim;
      const o1 = m > 1 ? rows[r0 + 1]! * dim : o0;
      const o2 = m > 2 ? rows[r0 + 2]! * dim : o0;
      const o3 = m > 3 ? rows[r0 + 3]! * dim : o0;
      for (let c = 0; c < k; c++) {
        const w = c * dim;
        let z0 = theta[bias + c]!;
        let z1 = z0;
        let z2 = z0;
        let z3 = z0;
        for (let j = 0; j < dim; j++) {
          const t = theta[w + j]!;
          z0 += x[o0 + j]! * t;
          z1 += x[o1 + j]! * t;
          z2 += x[o2 + j]! * t;
          z3 += x[o3 + j]! * t;
        }
        probs[c] = z0;
        probs[k + c] = z1;
        probs[2 * k + c] = z2;
        probs[3 * k + c] = z3;
      }
      g.fill(0);
      for (let q = 0; q < m; q++) {
        const i = rows[r0 + q]!;
        for (let c = 0; c < k; c++) p[c] = probs[q * k + c]!;
        softmaxInPlace(p, k);
        const y = labels[i]!;
        const s = weights[i]! / wsum;
        loss -= s * Math.log(Math.max(p[y]!, 1e-300));
        p[y] -= 1;
        for (let c = 0; c < k; c++) g[q * k + c] = p[c]! * s;
      }
      for (let c = 0; c < k; c++) {
        const g0 = g[c]!;
        const g1 = g[k + c]!;
        const g2 = g[2 * k + c]!;
        const g3 = g[3 * k + c]!;
        grad[bias + c] += g0 + g1 + g2 + g3;
        const w = c * dim;
        for (let j = 0; j < dim; j++) grad[w + j] += g0 * x[o0 + j]! + g1 * x[o1 + j]! + g2 * x[o2 + j]! + g3 * x[o3 + j]!;
      }
    }
    let sq = 0;
    for (let j = 0; j < bias; j++) {
      sq += theta[j]! * theta[j]!;
      grad[j] += reg * theta[j]!;
    }
    return loss + 0.5 * reg * sq;
  };
}

export interface FitOptions {
  maxIter?: number;
  gradTol?: number;
  /** Relative decrease of the objective below which the fit stops. */
  fTol?: number;
  onIteration?(iter: number, loss: number): void;
}

/** Fits to convergence (warm-started from `init` when given, as along a regularisation path). */
export function fitLogistic(d: Design, rows: Int32Array, c: number, init?: LogisticParams, opts: FitOptions = {}): { theta: LogisticParams; loss: number; iterations: number; converged: boolean } {
  const x0 = init ? Float64Array.from(init) : new Float64Array(paramCount(d.dim, d.numClasses));
  const r = minimizeLbfgs(logisticObjective(d, rows, c), x0, { maxIter: opts.maxIter ?? 500, gradTol: opts.gradTol ?? 1e-6, fTol: opts.fTol ?? 1e-11, onIteration: opts.onIteration });
  return { theta: r.x, loss: r.f, iterations: r.iterations, converged: r.converged };
}

/** Class probabilities of the given rows (rows.length × K, row-major). */
export function predictProba(d: Pick<Design, 'x' | 'dim' | 'numClasses'>, rows: Int32Array, theta: LogisticParams): Float64Array {
  const k = d.numClasses;
  const out = new Float64Array(rows.length * k);
  const p = new Float64Array(k);
  rows.forEach((i, r) => {
    rowLogits(d.x, i * d.dim, d.dim, theta, k, p);
    softmaxInPlace(p, k);
    out.set(p, r * k);
  });
  return out;
}

/** Column mean and population std (StandardScaler's), with std 1 where a feature is constant. */
export function standardizer(raw: Float32Array[], dim: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(dim);
  const std = new Float64Array(dim);
  for (const r of raw) for (let j = 0; j < dim; j++) mean[j] += r[j]!;
  for (let j = 0; j < dim; j++) mean[j] /= raw.length;
  for (const r of raw)
    for (let j = 0; j < dim; j++) {
      const v = r[j]! - mean[j]!;
      std[j] += v * v;
    }
  for (let j = 0; j < dim; j++) {
    const s = Math.sqrt(std[j]! / raw.length);
    std[j] = s > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? s : 1;
  }
  return { mean, std };
}

export function standardize(raw: Float32Array[], dim: number, s: { mean: Float64Array; std: Float64Array }): Float64Array {
  const x = new Float64Array(raw.length * dim);
  raw.forEach((r, i) => {
    for (let j = 0; j < dim; j++) x[i * dim + j] = (r[j]! - s.mean[j]!) / s.std[j]!;
  });
  return x;
}

/**
 * The fitted classifier expressed on raw (unstandardised) features, so the head the app stores,
 * predicts with and exports is one plain linear layer: W' = W / σ, b' = b − Σ μ W / σ.
 */
export function toRawSpace(theta: LogisticParams, dim: number, k: number, s: { mean: Float64Array; std: Float64Array }): { weight: Float32Array; bias: Float32Array } {
  const weight = new Float32Array(dim * k);
  const bias = new Float32Array(k);
  const b = new Float64Array(k);
  for (let c = 0; c < k; c++) b[c] = theta[dim * k + c]!;
  for (let j = 0; j < dim; j++)
    for (let c = 0; c < k; c++) {
      const w = theta[c * dim + j]! / s.std[j]!;
      weight[j * k + c] = w;
      b[c] -= s.mean[j]! * w;
    }
  for (let c = 0; c < k; c++) bias[c] = b[c]!;
  return { weight, bias };
}
