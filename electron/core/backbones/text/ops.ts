import * as tf from '../../tf/tf';

/** Shared transformer pieces for the text families. All run inside the caller's tf.tidy. */

export interface Linear {
  /** [in, out] (tfjs layout) */
  w: tf.Variable;
  b: tf.Variable;
}

export interface Norm {
  g: tf.Variable;
  b: tf.Variable;
}

/** x [..., in] · w [in, out] + b, for any leading shape. */
export function dense(x: tf.Tensor, p: Linear): tf.Tensor {
  const inDim = x.shape[x.shape.length - 1];
  const lead = x.shape.slice(0, -1);
  const y = tf.add(tf.matMul(tf.reshape(x, [-1, inDim]) as tf.Tensor2D, p.w as tf.Tensor2D), p.b);
  return tf.reshape(y, [...lead, p.w.shape[1] as number]);
}

export function layerNorm(x: tf.Tensor, p: Norm, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), p.g), p.b);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export type ActivationFn = (x: tf.Tensor) => tf.Tensor;

/** Exact GELU, 0.5·x·(1 + erf(x/√2)) — transformers' "gelu". */
export const geluErf: ActivationFn = (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));

/** Tanh approximation — transformers' "gelu_new" / "gelu_pytorch_tanh" (GPT-2). */
export const geluTanh: ActivationFn = (x) =>
  tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.mul(tf.mul(x, x), x)))))));

const ACTIVATIONS: Record<string, ActivationFn> = {
  gelu: geluErf,
  gelu_new: geluTanh,
  gelu_pytorch_tanh: geluTanh,
  relu: (x) => tf.relu(x),
};

export function activationByName(name: unknown, configKey: string): ActivationFn {
  const fn = typeof name === 'string' ? ACTIVATIONS[name] : undefined;
  if (!fn) throw new Error(`config.json ${configKey} "${String(name)}" is not supported (supported: ${Object.keys(ACTIVATIONS).join(', ')}).`);
  return fn;
}

/** [B, T, H] → [B, heads, T, H/heads] */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor4D {
  const [b, t, h] = x.shape;
  return tf.transpose(tf.reshape(x, [b, t, heads, h / heads]), [0, 2, 1, 3]);
}

/** [B, heads, T, d] → [B, T, heads·d] */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  const [b, heads, t, d] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [b, t, heads * d]);
}

/**
 * Scaled dot-product attention. `bias` is added to the scores ([B,1,1,T] padding and/or
 * [1,1,T,T] causal terms: 0 where allowed, a large negative number where masked).
 * `sink`, when given, receives the probabilities [B, heads, T, T] (before dropout, as transformers'
 * output_attentions reports them), kept out of every enclosing tidy: the caller disposes them.
 */
export function attention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, bias: tf.Tensor, scale: number, dropout: number, sink?: tf.Tensor[]): tf.Tensor4D {
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), scale), bias);
  let probs = tf.softmax(scores, -1);
  if (sink) sink.push(tf.keep(probs));
  if (dropout > 0) probs = tf.dropout(probs, dropout);
  return tf.matMul(probs, v) as tf.Tensor4D;
}

/** A masked position's score offset: far below any real score, yet finite (no NaN for all-masked rows). */
export const MASKED = -1e9;

/** [B, T] 1/0 mask → [B, 1, 1, T] additive bias. */
export function paddingBias(mask: tf.Tensor2D): tf.Tensor4D {
  const [b, t] = mask.shape;
  return tf.reshape(tf.mul(tf.sub(1, tf.cast(mask, 'float32')), MASKED), [b, 1, 1, t]);
}

/** [1, 1, T, T] additive bias hiding future positions. */
export function causalBias(t: number): tf.Tensor4D {
  const allowed = tf.linalg.bandPart(tf.ones([t, t]), -1, 0);
  return tf.reshape(tf.mul(tf.sub(1, allowed), MASKED), [1, 1, t, t]);
}

export function maybeDropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
  return training && rate > 0 ? tf.dropout(x, rate) : x;
}
