import * as tf from '../../tf/tf';
import type { Backbone } from '../../backbones/types';
import type { CachedActivation } from './feature-cache';

/** Stacks cached per-item activations (or their masks) into one batch tensor. */
export function stackActivations(acts: readonly CachedActivation[], which: 'x' | 'mask'): tf.Tensor {
  const first = acts[0]![which]!;
  const per = first.data.length;
  const buf = new Float32Array(per * acts.length);
  acts.forEach((a, i) => buf.set(a[which]!.data, i * per));
  return tf.tensor(buf, [acts.length, ...first.shape]);
}

/**
 * Features of a batch read from the cache: a probe's cache already holds the features; a
 * finetune's holds activations at the cut, so the trainable tail runs on them. Training and
 * inference share this so a run predicts exactly as it trained. BatchNorm stays in inference
 * mode in the tail (frozen statistics suit small datasets), hence training: false.
 */
export function featuresFromCache(backbone: Backbone, acts: readonly CachedActivation[], cut: number, probe: boolean): tf.Tensor2D {
  const x = stackActivations(acts, 'x');
  if (probe) return x as tf.Tensor2D;
  const act = acts[0]!.mask ? { x, attentionMask: stackActivations(acts, 'mask') as tf.Tensor2D } : { x };
  return backbone.tail(act, cut, { training: false });
}
