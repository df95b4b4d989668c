import { mulberry32 } from '../../../electron/core/training/engine/rng';

export interface Labeled {
  x: Float32Array[];
  /** True class of each row. */
  y: number[];
  /** Which mode (sub-cluster) of its class each row came from. */
  mode: number[];
}

export interface MixtureOptions {
  classes?: number;
  dim?: number;
  /** Share of each class's rows per mode; the first mode is the common one. */
  modeWeights?: number[];
  pool?: number;
  test?: number;
  /** Spread of a mode around its center, against centers ~N(0, 1) per dimension. */
  spread?: number;
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * Classes made of one common mode and rarer ones, as real collections are (many near-duplicates of
 * the typical item, a few unusual ones). Random labeling keeps drawing the common mode; a good
 * suggestion order covers the rare ones, which the held-out set contains in the same proportions.
 */
export function mixture(seed: number, o: MixtureOptions = {}): { pool: Labeled; test: Labeled } {
  const classes = o.classes ?? 3;
  const dim = o.dim ?? 24;
  const weights = o.modeWeights ?? [0.8, 0.1, 0.1];
  const spread = o.spread ?? 0.35;
  const rand = mulberry32(seed);
  const centers = Array.from({ length: classes }, () => weights.map(() => Float32Array.from({ length: dim }, () => gaussian(rand))));
  const draw = (n: number): Labeled => {
    const out: Labeled = { x: [], y: [], mode: [] };
    for (let i = 0; i < n; i++) {
      const c = i % classes;
      let r = rand();
      let m = 0;
      while (m < weights.length - 1 && r >= weights[m]!) r -= weights[m++]!;
      const ctr = centers[c]![m]!;
      out.x.push(Float32Array.from(ctr, (v) => v + spread * gaussian(rand)));
      out.y.push(c);
      out.mode.push(m);
    }
    return out;
  };
  return { pool: draw(o.pool ?? 300), test: draw(o.test ?? 600) };
}
