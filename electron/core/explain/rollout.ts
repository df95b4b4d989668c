import { StudioError } from '../../../shared/api/errors';
import type { AttentionMaps } from './attention';

/**
 * Attention rollout (Abnar & Zuidema 2020, as jacobgil/vit-explain computes it with head_fusion "mean" and
 * no discarding): per layer the heads' mean A, Â = (A + I) / 2 with rows renormalised (the residual path),
 * R = Â_L · … · Â_1, and the CLS row of R over the patch tokens, as a [g, g] grid divided by its max.
 * Returns float32 [N, g, g].
 */
export function attentionRollout(maps: AttentionMaps): { data: Float32Array; shape: [number, number, number] } {
  const [n, layers, heads, t] = maps.shape;
  const g = Math.round(Math.sqrt(t - 1));
  if (g * g !== t - 1) throw new StudioError('bad_input', `rollout needs a CLS token and a square patch grid; got ${t} tokens`);
  const out = new Float32Array(n * g * g);
  const tt = t * t;
  for (let b = 0; b < n; b++) {
    // R starts as the identity; rows in float64 (L small products of stochastic matrices).
    let r = new Float64Array(tt);
    for (let i = 0; i < t; i++) r[i * t + i] = 1;
    for (let l = 0; l < layers; l++) {
      const a = new Float64Array(tt);
      const base = ((b * layers + l) * heads) * tt;
      for (let h = 0; h < heads; h++) for (let k = 0; k < tt; k++) a[k] += maps.data[base + h * tt + k]! / heads;
      for (let i = 0; i < t; i++) {
        a[i * t + i] += 1;
        let s = 0;
        for (let j = 0; j < t; j++) s += a[i * t + j]!;
        for (let j = 0; j < t; j++) a[i * t + j]! /= s;
      }
      const next = new Float64Array(tt);
      for (let i = 0; i < t; i++)
        for (let k = 0; k < t; k++) {
          const aik = a[i * t + k]!;
          if (aik === 0) continue;
          for (let j = 0; j < t; j++) next[i * t + j] += aik * r[k * t + j]!;
        }
      r = next;
    }
    let peak = 0;
    for (let j = 1; j < t; j++) peak = Math.max(peak, r[j]!);
    for (let j = 1; j < t; j++) out[b * g * g + j - 1] = peak > 0 ? r[j]! / peak : 0;
  }
  return { data: out, shape: [n, g, g] };
}
