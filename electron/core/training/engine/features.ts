import * as tf from '../../tf/tf';
import type { Backbone, BackboneInput } from '../../backbones/types';
import type { ItemEncoder, PlanItem } from '../data/types';
import { cacheKey, type CachedActivation, type FeatureCache } from './feature-cache';

export interface FeatureSet {
  /** acts[i][view] for items[i]; val/test items have view 0 only. */
  acts: CachedActivation[][];
  hits: number;
  computed: number;
  trunkSeconds: number;
}

export interface FeatureDeps {
  backbone: Backbone;
  encoder: ItemEncoder;
  cache: FeatureCache;
  weightsHash: string;
  /** Stage index, or 'features' for the pooled output (probe). */
  cut: number | 'features';
  onProgress(done: number, total: number, hits: number, computed: number, trunkSeconds: number): void;
  /** Called between chunks so pause/cancel are heard. */
  gate(): Promise<void>;
  chunk?: number;
  /**
   * Runs the frozen part instead of tfjs (ONNX Runtime, electron/core/onnx/engine.ts): same inputs, same
   * result layout as backbone.trunk / features, so the cache holds the same activations either way.
   */
  trunkEngine?: { run(input: BackboneInput, cut: number | 'features'): Promise<{ data: Float32Array; shape: number[] } | null> } | null;
}

function split(t: tf.Tensor, n: number): Array<{ data: Float32Array; shape: number[] }> {
  const data = t.dataSync() as Float32Array;
  const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
  const per = f32.length / n;
  const shape = t.shape.slice(1);
  return Array.from({ length: n }, (_, i) => ({ data: f32.slice(i * per, (i + 1) * per), shape }));
}

/**
 * The frozen part, once per (item, view): read from the disk cache, compute only what is missing.
 * Train items get `encoder.views` views, others only the plain one.
 */
export async function computeFeatures(items: readonly PlanItem[], deps: FeatureDeps): Promise<FeatureSet> {
  const acts: CachedActivation[][] = items.map(() => []);
  const missing: Array<{ i: number; view: number; key: string }> = [];
  let hits = 0;
  for (let i = 0; i < items.length; i++) {
    const views = items[i]!.subset === 'train' ? deps.encoder.views : 1;
    for (let v = 0; v < views; v++) {
      const key = cacheKey({ weightsHash: deps.weightsHash, preprocessing: deps.encoder.key, itemHash: items[i]!.contentHash, cut: deps.cut, view: v });
      const got = deps.cache.get(key);
      if (got) {
        acts[i]![v] = got;
        hits++;
      } else missing.push({ i, view: v, key });
    }
  }
  const total = hits + missing.length;
  let computed = 0;
  let trunkMs = 0;
  deps.onProgress(hits, total, hits, 0, 0);
  const chunk = deps.chunk ?? 16;
  // Group by view so one encode call serves a whole chunk.
  missing.sort((a, b) => a.view - b.view || a.i - b.i);
  for (let s = 0; s < missing.length; s += chunk) {
    await deps.gate();
    const part = missing.slice(s, s + chunk).filter((m) => m.view === missing[s]!.view);
    const t0 = performance.now();
    const input = await deps.encoder.encode(
      part.map((m) => items[m.i]!),
      part[0]!.view,
    );
    let x: tf.Tensor;
    let mask: tf.Tensor | undefined;
    // null: the engine could not start, and tfjs runs the trunk instead.
    const r = deps.trunkEngine && deps.cut !== 0 ? await deps.trunkEngine.run(input, deps.cut) : null;
    if (r) {
      x = tf.tensor(r.data, r.shape);
      if (deps.cut !== 'features' && 'attentionMask' in input) mask = input.attentionMask;
    } else if (deps.cut === 'features') x = deps.backbone.features(input);
    else {
      const a = deps.backbone.trunk(input, deps.cut);
      x = a.x;
      mask = a.attentionMask ?? ('attentionMask' in input ? input.attentionMask : undefined);
    }
    const xs = split(x, part.length);
    // toFloat makes a new tensor (even of a float mask): split it, then free it.
    const maskF = mask?.toFloat();
    const ms = maskF ? split(maskF, part.length) : undefined;
    maskF?.dispose();
    tf.dispose([x, ...Object.values(input)]);
    if (mask && !mask.isDisposed) mask.dispose();
    trunkMs += performance.now() - t0;
    part.forEach((m, k) => {
      const act: CachedActivation = ms ? { x: xs[k]!, mask: ms[k]! } : { x: xs[k]! };
      deps.cache.put(m.key, act);
      acts[m.i]![m.view] = act;
    });
    computed += part.length;
    // The filter above can shorten a chunk at a view boundary; step by what was done.
    s += part.length - chunk;
    deps.onProgress(hits + computed, total, hits, computed, trunkMs / 1000);
  }
  return { acts, hits, computed, trunkSeconds: trunkMs / 1000 };
}
