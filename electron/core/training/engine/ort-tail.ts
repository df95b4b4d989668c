import * as tf from '../../tf/tf';
import type { Backbone } from '../../backbones/types';
import { buildResnetTailTrainingGraph } from '../../onnx/train/resnet-tail';
import { OrtTailTrainer } from '../../onnx/train/trainer';
import { OnnxWeights } from '../../onnx/weights';
import type { CachedActivation } from './feature-cache';
import { mulberry32 } from './rng';

/**
 * STUDIO_FINETUNE_ENGINE=ort (prototype, off by default): a fine-tune step's gradients come from the ONNX
 * Runtime training graph (onnx/train/resnet-tail.ts) instead of tfjs's tape, fed the tfjs variables'
 * current values; the tfjs AdamW then applies them, so optimizer state, checkpoints, resume and
 * evaluation stay the engine's own. ResNet tails with a linear head only. Dropout masks come from the
 * step's seed through mulberry32 (the same rate and scaling as tf.dropout, not the same random stream).
 */
export interface OrtTailStep {
  loss: number;
  logits: Float32Array;
  /** In the order of the variables given to createOrtTail, in tfjs layout; the caller disposes them. */
  grads: tf.Tensor[];
}

export interface OrtTail {
  label: string;
  step(acts: readonly CachedActivation[], labels: readonly number[], seed: number): Promise<OrtTailStep>;
  release(): Promise<void>;
}

export interface OrtTailOptions {
  backbone: Backbone;
  cut: number;
  numClasses: number;
  /** fitSgd's variables: the head's (weight [featureDim, K], bias), then backbone.trainableVariables(cut). */
  vars: readonly tf.Variable[];
  headHidden: number;
  dropout: number;
  labelSmoothing: number;
  /** Per-class loss weights (sum of w·ce / sum of w), or null for the plain mean. */
  classWeights: readonly number[] | null;
  l2: number;
}

/** The checkpoint names of a ResNet tail's variables in Stage.variables order (convs with their BN, then the shortcut). */
function tailNames(w: OnnxWeights, cut: number): string[] {
  const names: string[] = [];
  let stage = 1;
  for (let l = 1; l <= 4; l++) {
    for (let b = 0; w.has(`layer${l}.${b}.conv1.weight`); b++, stage++) {
      if (stage < cut) continue;
      const p = `layer${l}.${b}`;
      for (let k = 1; w.has(`${p}.conv${k}.weight`); k++) names.push(`${p}.conv${k}.weight`, `${p}.bn${k}.weight`, `${p}.bn${k}.bias`);
      if (w.has(`${p}.downsample.0.weight`)) names.push(`${p}.downsample.0.weight`, `${p}.downsample.1.weight`, `${p}.downsample.1.bias`);
    }
  }
  return names;
}

/** tfjs conv [kh, kw, ci, co] ↔ PyTorch [co, ci, kh, kw]; other ranks as they are. */
const toTorch = (v: tf.Tensor): Float32Array => tf.tidy(() => (v.rank === 4 ? tf.transpose(v, [3, 2, 0, 1]) : v).dataSync() as Float32Array).slice();
const fromTorch = (g: Float32Array, like: tf.Tensor): tf.Tensor => {
  if (like.rank !== 4) return tf.tensor(g, like.shape);
  const [kh, kw, ci, co] = like.shape as [number, number, number, number];
  return tf.tidy(() => tf.transpose(tf.tensor4d(g, [co, ci, kh, kw]), [2, 3, 1, 0]));
};

/** The ORT step for this run, or the reason it cannot take it (the tfjs path then runs). */
export async function createOrtTail(o: OrtTailOptions, sample: CachedActivation): Promise<OrtTail | { reason: string }> {
  if (o.backbone.info.family !== 'resnet') return { reason: `the ONNX Runtime fine-tune step covers ResNet tails only (this is ${o.backbone.info.family})` };
  if (o.headHidden > 0) return { reason: 'the ONNX Runtime fine-tune step has no hidden head layer' };
  if (o.l2 > 0) return { reason: 'the ONNX Runtime fine-tune step has no l2 penalty' };
  if (sample.x.shape.length !== 3) return { reason: `a ResNet cut activation is [H, W, C], got [${sample.x.shape.join(', ')}]` };
  const weights = OnnxWeights.fromBackbone(o.backbone);
  const names = ['head.fc.weight', 'head.fc.bias', ...tailNames(weights, o.cut)];
  if (names.length !== o.vars.length) return { reason: `the ONNX Runtime fine-tune step found ${names.length} parameters where the run trains ${o.vars.length}` };
  let graph: ReturnType<typeof buildResnetTailTrainingGraph>;
  try {
    graph = buildResnetTailTrainingGraph({
      config: { architecture: o.backbone.info.architecture },
      weights,
      cut: o.cut,
      actShape: sample.x.shape as [number, number, number],
      numClasses: o.numClasses,
      dropout: o.dropout > 0,
    });
  } catch (e) {
    return { reason: `no ONNX Runtime training graph for this backbone: ${(e as Error).message}` };
  }
  const order = graph.params.map((p) => names.indexOf(p.name));
  if (order.some((i) => i < 0)) return { reason: 'the ONNX Runtime training graph and the run disagree on the parameters' };
  // The trainer's own AdamW is not used here (the tfjs one keeps the checkpointed state); its values are fed each step.
  const trainer = await OrtTailTrainer.create(graph, (n) => new Float32Array(graph.params.find((p) => p.name === n)!.dims.reduce((a, b) => a * b, 1)), { weightDecay: 0 }, undefined);
  const k = o.numClasses;
  const per = sample.x.data.length;
  const featureDim = graph.featureDim;
  return {
    label: trainer.choice.label,
    async step(acts, labels, seed) {
      const b = acts.length;
      const x = new Float32Array(b * per);
      acts.forEach((a, i) => x.set(a.x.data, i * per));
      const target = new Float32Array(b * k).fill(o.labelSmoothing / k);
      labels.forEach((l, i) => (target[i * k + l] = target[i * k + l]! + 1 - o.labelSmoothing));
      const w = labels.map((l) => (o.classWeights ? o.classWeights[l]! : 1));
      const total = w.reduce((s, v) => s + v, 0);
      const weight = Float32Array.from(w, (v) => v / total);
      graph.params.forEach((_, i) => trainer.values[i]!.set(toTorch(o.vars[order[i]!]!)));
      const extra: Record<string, { data: Float32Array; shape: number[] }> = {};
      if (o.dropout > 0) {
        const rand = mulberry32(seed);
        const keep = 1 - o.dropout;
        extra.dropMask = { data: Float32Array.from({ length: b * featureDim }, () => (rand() < keep ? 1 / keep : 0)), shape: [b, featureDim] };
      }
      const r = await trainer.gradients(x, [b, ...sample.x.shape], target, weight, extra);
      const grads: tf.Tensor[] = new Array<tf.Tensor>(o.vars.length);
      graph.params.forEach((_, i) => (grads[order[i]!] = fromTorch(r.grads[i]!, o.vars[order[i]!]!)));
      return { loss: r.loss, logits: r.logits, grads };
    },
    release: () => trainer.release(),
  };
}
