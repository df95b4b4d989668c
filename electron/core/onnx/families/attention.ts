import type { GraphBuilder } from '../graph';

/**
 * Multi-head scaled dot-product attention over q, k, v [B, T, D] → [B, T, D]. `bias` (optional) is
 * added to the scores: [B,1,1,T] padding and/or [1,1,T,T] causal terms, as the tfjs families do.
 * Reshape's 0 copies the input's dimension, so batch and length stay dynamic.
 */
export function multiHead(g: GraphBuilder, q: string, k: string, v: string, heads: number, headDim: number, scale: number, bias: string | null, name: string): string {
  const split = g.int64(`${name}.split_shape`, [0, 0, heads, headDim]);
  const toHeads = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, split])], { perm });
  const qh = toHeads(q, [0, 2, 1, 3]); // [B,h,T,d]
  const kh = toHeads(k, [0, 2, 3, 1]); // [B,h,d,T]
  const vh = toHeads(v, [0, 2, 1, 3]);
  let scores = g.mul(g.matmul(qh, kh), g.scalar(`${name}.scale`, scale));
  if (bias) scores = g.add(scores, bias);
  const ctx = g.matmul(g.op('Softmax', [scores], { axis: -1 }, `${name}.probs`), vh); // [B,h,T,d]
  return g.op('Reshape', [g.op('Transpose', [ctx], { perm: [0, 2, 1, 3] }), g.int64(`${name}.merge_shape`, [0, 0, heads * headDim])], {}, `${name}.ctx`);
}
