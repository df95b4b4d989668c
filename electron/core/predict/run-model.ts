import * as tf from '../tf/tf';
import type { Backbone } from '../backbones/types';
import { encoderFor } from '../training/data/encoder-for';
import type { ItemEncoder, PlanItem } from '../training/data/types';
import { loadBackboneFor } from '../training/backbone-loader';
import { loadCheckpoint } from '../training/engine/checkpoint';
import { createHead, type Head } from '../training/engine/head';
import { computeFeatures } from '../training/engine/features';
import { FeatureCache } from '../training/engine/feature-cache';
import { featuresFromCache } from '../training/engine/activations';
import { sharedTrunkEngine } from '../onnx/engine';
import type { RunModelSpec } from './protocol';

/** A finished run rebuilt in tfjs: the backbone with its trained blocks restored, and the head. */
export interface RunModel {
  spec: RunModelSpec;
  backbone: Backbone;
  head: Head;
  /** Stage the trained tail starts at (numBlocks for a probe). */
  cut: number;
  probe: boolean;
  encoder: ItemEncoder;
  dispose(): void;
}

/** A cache that never hits and never stores: predicting arbitrary files must not fill the training cache. */
const noCache = { get: () => null, put: () => {} } as unknown as FeatureCache;

export async function loadRunModel(spec: RunModelSpec): Promise<RunModel> {
  // The same loader and preprocessing training used (the backbones package's, or a test's tiny one).
  const loaded = await loadBackboneFor(spec.backbone.dir, spec.backbone.loaderModule);
  const backbone = loaded.backbone;
  const ck = loadCheckpoint(spec.modelPath);
  try {
    const config = ck.meta.config as { mode?: string; cut?: number; names?: string[] };
    const probe = config.mode === 'probe' || spec.mode === 'probe';
    const cut = probe ? backbone.info.numBlocks : Number(config.cut);
    if (!Number.isInteger(cut)) throw new Error(`${spec.modelPath} does not say where the trained tail starts`);
    const fc = ck.tensors.get('head.fc.weight');
    if (!fc) throw new Error(`${spec.modelPath} has no classifier (head.fc.weight)`);
    if (fc.shape[1] !== spec.labels.length) throw new Error(`the checkpoint's classifier has ${fc.shape[1]} outputs but the run has ${spec.labels.length} labels`);
    const hidden = ck.tensors.get('head.hidden.weight')?.shape[1] ?? 0;
    const head = createHead({ inDim: backbone.info.featureDim, numClasses: spec.labels.length, hidden, dropout: 0 }, 0);
    head.variables.forEach((v, i) => v.assign(ck.tensors.get(head.names[i]!)!));
    const tail = probe ? [] : backbone.trainableVariables(cut);
    tail.forEach((v, i) => {
      const t = ck.tensors.get(`tail.${i}`);
      if (!t) throw new Error(`${spec.modelPath} is missing trained block weight tail.${i}`);
      v.assign(t);
    });
    // View 0 only (no augmentation), the maximum length the run trained with.
    const encoder = encoderFor(loaded.preprocessing, { augmentViews: 1, maxLength: spec.maxLength }, spec.backbone.weightsHash);
    return {
      spec,
      backbone,
      head,
      cut,
      probe,
      encoder,
      dispose() {
        head.dispose();
        backbone.dispose();
      },
    };
  } finally {
    tf.dispose([...ck.tensors.values()]);
  }
}

/**
 * Logits for items, through exactly the path training evaluated with (same encoder view 0, same
 * cut, same cached activations when a cache is given), so the figures here are the run's figures.
 */
export async function runLogits(model: RunModel, items: readonly PlanItem[], cacheDir: string | null, batch = 32): Promise<number[][]> {
  const asTest = items.map((it) => ({ ...it, subset: 'test' as const }));
  const feats = await computeFeatures(asTest, {
    backbone: model.backbone,
    encoder: model.encoder,
    cache: cacheDir ? new FeatureCache(cacheDir) : noCache,
    weightsHash: model.spec.backbone.weightsHash,
    cut: model.probe ? 'features' : model.cut,
    // The frozen part on ONNX Runtime (tfjs under STUDIO_INFERENCE=tfjs): the same activations either way.
    trunkEngine: await sharedTrunkEngine(model.spec.backbone.loaderModule ? null : model.spec.backbone.dir, model.probe ? 'features' : model.cut),
    gate: async () => {},
    onProgress: () => {},
  });
  const out: number[][] = [];
  for (let s = 0; s < asTest.length; s += batch) {
    const acts = feats.acts.slice(s, s + batch).map((a) => a[0]!);
    const rows = tf.tidy(() => {
      const f = featuresFromCache(model.backbone, acts, model.cut, model.probe);
      return model.head.apply(f, false, 0).arraySync();
    });
    out.push(...rows);
  }
  return out;
}
