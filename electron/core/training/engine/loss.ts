import * as tf from '../../tf/tf';

/**
 * Softmax cross-entropy with label smoothing and per-class weights, averaged so that the weights
 * rebalance classes without changing the loss scale (sum of w·ce / sum of w).
 */
export function weightedSmoothedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, numClasses: number, smoothing: number, classWeights: tf.Tensor1D | null): tf.Scalar {
  return tf.tidy(() => {
    const onehot = tf.oneHot(labels, numClasses).toFloat();
    const target = smoothing > 0 ? onehot.mul(1 - smoothing).add(smoothing / numClasses) : onehot;
    const logp = tf.logSoftmax(logits);
    const ce = target.mul(logp).sum(1).neg();
    if (!classWeights) return ce.mean() as tf.Scalar;
    const w = tf.gather(classWeights, labels);
    return ce.mul(w).sum().div(w.sum()) as tf.Scalar;
  });
}

/** Inverse-frequency weights normalised to mean 1 over the classes present; absent classes get 0. */
export function classWeightsFor(labels: readonly number[], numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) counts[l]!++;
  const present = counts.filter((c) => c > 0).length;
  const raw = counts.map((c) => (c > 0 ? labels.length / (present * c) : 0));
  return raw;
}

/** l2/2 · Σ w² over the given weights (the probe reference's penalty, coupled to the loss). */
export function l2Penalty(weights: readonly tf.Tensor[], l2: number): tf.Scalar {
  return tf.tidy(() => tf.addN(weights.map((w) => tf.sum(tf.square(w)))).mul(l2 / 2) as tf.Scalar);
}
