import * as tf from '../electron/core/tf/tf';
import { loadBackbone } from '../electron/core/backbones/load';
import type { BackboneInput } from '../electron/core/backbones/types';
import { encoderFor } from '../electron/core/training/data/encoder-for';
import type { PlanItem } from '../electron/core/training/data/types';
import { fitProbe, type Subset } from '../electron/core/training/probe/fit-probe';

export interface TextSplit {
  labels: string[];
  train: Array<{ text: string; label: string }>;
  val?: Array<{ text: string; label: string }>;
  test: Array<{ text: string; label: string }>;
}

/**
 * The studio's default probe on a backbone folder, judged on a fixed split: features as `studio embed`
 * computes them (the run's encoder, view 0; 64 tokens hold every package description), the probe solver training uses
 * (standardised multinomial logistic regression, class-balanced, C chosen on validation — or by
 * cross-validation on train when the split has none — then refitted), accuracy on the test part.
 */
export async function probeAccuracy(dir: string, split: TextSplit, maxLength = 64): Promise<{ accuracy: number; c: number; featureDim: number }> {
  const { backbone, preprocessing } = await loadBackbone(dir);
  try {
    const rows = [
      ...split.train.map((r) => ({ ...r, subset: 'train' as const })),
      ...(split.val ?? []).map((r) => ({ ...r, subset: 'val' as const })),
      ...split.test.map((r) => ({ ...r, subset: 'test' as const })),
    ];
    const encoder = encoderFor(preprocessing, { augmentViews: 1, maxLength }, '');
    const features: Float32Array[] = [];
    for (let i = 0; i < rows.length; i += 32) {
      const items: PlanItem[] = rows.slice(i, i + 32).map((r, k) => ({ itemId: i + k, contentHash: `${i + k}`, label: 0, subset: 'test', text: r.text }));
      const input = (await encoder.encode(items, 0)) as unknown as BackboneInput;
      const f = backbone.features(input);
      const data = (await f.data()) as Float32Array;
      const d = f.shape[1];
      for (let k = 0; k < items.length; k++) features.push(data.slice(k * d, (k + 1) * d));
      tf.dispose([f, ...Object.values(input as unknown as Record<string, tf.Tensor>)]);
    }
    const labels = rows.map((r) => split.labels.indexOf(r.label));
    const probe = fitProbe({
      features,
      labels,
      subsets: rows.map((r) => r.subset as Subset),
      numClasses: split.labels.length,
      policy: 'split',
      classWeights: true,
      folds: 5,
      seed: 0,
    });
    const test = rows.map((r, i) => (r.subset === 'test' ? i : -1)).filter((i) => i >= 0);
    const k = split.labels.length;
    let hits = 0;
    for (const r of test) {
      const f = features[r]!;
      const z = Array.from(probe.bias, Number);
      for (let j = 0; j < f.length; j++) for (let c = 0; c < k; c++) z[c] += f[j]! * probe.weight[j * k + c]!;
      if (z.indexOf(Math.max(...z)) === labels[r]) hits++;
    }
    return { accuracy: hits / test.length, c: probe.c, featureDim: backbone.info.featureDim };
  } finally {
    backbone.dispose();
  }
}
