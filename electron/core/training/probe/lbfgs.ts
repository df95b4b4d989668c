/**
 * Limited-memory BFGS for smooth convex objectives in float64 (two-loop recursion, backtracking
 * Armijo line search). Written here because no maintained npm package offers L-BFGS over plain
 * Float64Arrays without pulling in a numeric framework; the probe's objective is all it serves.
 */
export interface Objective {
  /** Writes the gradient at x into g and returns f(x). */
  (x: Float64Array, g: Float64Array): number;
}

export interface LbfgsOptions {
  maxIter: number;
  /** Stop when max |g| falls below this. */
  gradTol: number;
  /** Stop when the objective's relative decrease falls below this. */
  fTol: number;
  history: number;
  onIteration?(iter: number, f: number): void;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

export function minimizeLbfgs(fn: Objective, x0: Float64Array, opts: Partial<LbfgsOptions> = {}): LbfgsResult {
  const o: LbfgsOptions = { maxIter: 500, gradTol: 1e-6, fTol: 1e-12, history: 10, ...opts };
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = fn(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Array<number>(o.history).fill(0);
  if (maxAbs(g) < o.gradTol) return { x, f, iterations: 0, converged: true };
  let iter = 0;
  for (; iter < o.maxIter; iter++) {
    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, d);
      const yk = Y[k]!;
      for (let i = 0; i < n; i++) d[i] -= alpha[k]! * yk[i]!;
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k]! * dot(Y[k]!, d);
      const sk = S[k]!;
      for (let i = 0; i < n; i++) d[i] += (alpha[k]! - beta) * sk[i]!;
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = dot(g, d);
    }
    // The first step has no curvature information yet: keep it short.
    let step = S.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = fn(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    // Skip the pair when curvature is not positive (keeps the inverse-Hessian estimate positive definite).
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === o.history) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const fOld = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    o.onIteration?.(iter + 1, f);
    if (maxAbs(g) < o.gradTol) return { x, f, iterations: iter + 1, converged: true };
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) < o.fTol) return { x, f, iterations: iter + 1, converged: true };
  }
  return { x, f, iterations: iter, converged: false };
}
