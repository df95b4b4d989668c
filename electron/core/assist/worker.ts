import type { Backbone } from '../backbones/types';
import type { ItemEncoder, PlanItem } from '../training/data/types';
import type { AssistProgress, AssistRequest, AssistResponse } from './protocol';
import { suggestNext } from './rank';
import { findSuspects } from './suspects';

/** Runs in the model process only (it loads tfjs): features through the training cache, then the probe work. */
let loaded: { key: string; backbone: Backbone; encoder: ItemEncoder } | null = null;

async function backboneFor(req: AssistRequest): Promise<{ backbone: Backbone; encoder: ItemEncoder }> {
  const key = JSON.stringify([req.backbone, req.maxLength]);
  if (loaded?.key === key) return loaded;
  loaded?.backbone.dispose();
  loaded = null;
  const { loadBackboneFor } = await import('../training/backbone-loader');
  const { encoderFor } = await import('../training/data/encoder-for');
  const b = await loadBackboneFor(req.backbone.dir, req.backbone.loaderModule);
  // View 0 (no augmentation) under the same encoder key as training: a probe run's cache is reused.
  const encoder = encoderFor(b.preprocessing, { augmentViews: 1, maxLength: req.maxLength }, req.backbone.weightsHash);
  loaded = { key, backbone: b.backbone, encoder };
  return loaded;
}

export async function handleAssist(req: AssistRequest, backend: string, progress: (p: AssistProgress) => void): Promise<AssistResponse> {
  const { computeFeatures } = await import('../training/engine/features');
  const { FeatureCache } = await import('../training/engine/feature-cache');
  const { backbone, encoder } = await backboneFor(req);
  const items: PlanItem[] = req.items.map((it) => ({
    itemId: it.itemId,
    contentHash: it.contentHash,
    label: 0,
    subset: 'test',
    ...(it.path !== undefined ? { path: it.path } : {}),
    ...(it.text !== undefined ? { text: it.text } : {}),
  }));
  let last = 0;
  const { sharedTrunkEngine } = await import('../onnx/engine');
  const feats = await computeFeatures(items, {
    backbone,
    encoder,
    trunkEngine: await sharedTrunkEngine(req.backbone.loaderModule ? null : req.backbone.dir, 'features'),
    cache: new FeatureCache(req.cacheDir),
    weightsHash: req.backbone.weightsHash,
    cut: 'features',
    gate: async () => {},
    onProgress: (done, total) => {
      // At most a few messages a second: the bar needs no more.
      const now = Date.now();
      if (done === total || now - last > 200) {
        last = now;
        progress({ type: 'progress', id: req.id, phase: 'features', done, total });
      }
    },
  });
  const x = feats.acts.map((a) => a[0]!.x.data);
  const labels = req.items.map((it) => it.label);
  progress({ type: 'progress', id: req.id, phase: 'probe', done: 0, total: 1 });
  const base: AssistResponse = {
    type: 'assist',
    id: req.id,
    backend,
    features: { hits: feats.hits, computed: feats.computed, seconds: feats.trunkSeconds },
  };
  if (req.task.kind === 'suggest') {
    const r = suggestNext(x, labels, { alpha: req.task.alpha, greedy: req.task.greedy });
    return {
      ...base,
      suggest: {
        mode: r.mode,
        rows: r.suggestions.map((s) => ({ itemId: req.items[s.index]!.itemId, score: s.score, uncertainty: s.uncertainty, predicted: s.predicted, confidence: s.confidence })),
      },
    };
  }
  const r = findSuspects(x, labels, { seed: req.task.seed, folds: req.task.folds, minGap: req.task.minGap });
  return {
    ...base,
    suspects: {
      folds: r.folds,
      agreement: r.agreement,
      checked: r.checked,
      rows: r.suspects.map((s) => ({ itemId: req.items[s.index]!.itemId, given: s.given, suggested: s.suggested, confidence: s.confidence, givenProbability: s.givenProbability, gap: s.gap })),
    },
  };
}
