import type { AttentionResult } from '../../../shared/api/methods/explain';

/** One item's maps out of the flat [N, layers, heads, T, T] array the API returns. */
export interface ItemAttention {
  layers: number;
  heads: number;
  /** Tokens shown (padding dropped: a single sentence has none, a dataset pick may). */
  tokens: string[];
  /** The T × T map of (layer, head), restricted to the shown tokens. */
  map(layer: number, head: number): Float32Array;
}

export function itemAttention(r: AttentionResult, item = 0): ItemAttention {
  const [, layers, heads, t] = r.shape;
  const data = r.data ?? [];
  const all = r.tokens[item] ?? [];
  const pad = new Set(['[PAD]', '<pad>', '<|endoftext|>']);
  // Trailing padding only (right-padded batches); a GPT-2 text that ends in its own end token keeps it when no padding follows.
  let n = all.length;
  while (n > 1 && pad.has(all[n - 1]!) && r.shape[0] > 1) n--;
  const tokens = all.slice(0, n);
  const cache = new Map<string, Float32Array>();
  return {
    layers,
    heads,
    tokens,
    map(layer, head) {
      const key = `${layer}:${head}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const base = (((item * layers + layer) * heads + head) * t) * t;
      const out = new Float32Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = data[base + i * t + j] ?? 0;
      cache.set(key, out);
      return out;
    },
  };
}
