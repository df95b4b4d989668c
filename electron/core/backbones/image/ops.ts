import * as tf from '../../tf/tf';

/** BatchNorm in inference mode (running statistics), as the reference does at eval and as we fine-tune. */
export interface BatchNorm {
  gamma: tf.Variable;
  beta: tf.Variable;
  mean: tf.Variable;
  variance: tf.Variable;
  eps: number;
}

export function batchNorm(x: tf.Tensor4D, bn: BatchNorm): tf.Tensor4D {
  return tf.batchNorm4d(x, bn.mean as tf.Tensor1D, bn.variance as tf.Tensor1D, bn.beta as tf.Tensor1D, bn.gamma as tf.Tensor1D, bn.eps);
}

/** PyTorch Conv2d with symmetric zero padding (tfjs 'same' pads asymmetrically under stride 2). */
export function conv(x: tf.Tensor4D, w: tf.Variable, stride: number, pad: number, bias?: tf.Variable): tf.Tensor4D {
  const y = tf.conv2d(x, w as tf.Tensor4D, stride, pad);
  return bias ? tf.add(y, bias) : y;
}

/** x [..., in] · w [in, out] + b, for any leading dims. */
export function linear(x: tf.Tensor, w: tf.Variable, b?: tf.Variable): tf.Tensor {
  const shape = x.shape;
  const inDim = shape[shape.length - 1];
  const x2 = shape.length === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, inDim]) as tf.Tensor2D;
  let y: tf.Tensor = tf.matMul(x2, w as tf.Tensor2D);
  if (b) y = tf.add(y, b);
  return shape.length === 2 ? y : tf.reshape(y, [...shape.slice(0, -1), w.shape[1] as number]);
}

export function layerNorm(x: tf.Tensor, gamma: tf.Variable, beta: tf.Variable, eps: number): tf.Tensor {
  const axis = x.rank - 1;
  const { mean, variance } = tf.moments(x, axis, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta);
}

/** Exact GELU, x·Φ(x) = x/2·(1 + erf(x/√2)), as torch.nn.GELU() and transformers' "gelu" compute it. */
export function geluErf(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** Averaging matrix [out, in] with PyTorch's adaptive bins: [floor(i·in/out), ceil((i+1)·in/out)). */
function adaptiveMatrix(inSize: number, outSize: number): tf.Tensor2D {
  const m = new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const start = Math.floor((i * inSize) / outSize);
    const end = Math.ceil(((i + 1) * inSize) / outSize);
    for (let j = start; j < end; j++) m[i * inSize + j] = 1 / (end - start);
  }
  return tf.tensor2d(m, [outSize, inSize]);
}

/**
 * torch.nn.AdaptiveAvgPool2d(out) on NHWC. The bins are rectangles with uniform weights, so the pool is
 * separable: average rows with one matrix, then columns with another (differentiable, any sizes).
 */
export function adaptiveAvgPool(x: tf.Tensor4D, outH: number, outW: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  if (h === outH && w === outW) return x;
  return tf.tidy(() => {
    const rows = tf.reshape(tf.matMul(adaptiveMatrix(h, outH), tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [h, b * w * c])), [outH, b, w, c]);
    const cols = tf.reshape(tf.matMul(adaptiveMatrix(w, outW), tf.reshape(tf.transpose(rows, [2, 0, 1, 3]), [w, outH * b * c])), [outW, outH, b, c]);
    return tf.transpose(cols, [2, 1, 0, 3]) as tf.Tensor4D;
  });
}

/** Inverted dropout, only when training (VGG's classifier; inference is the identity). */
export function dropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
  return training && rate > 0 ? tf.dropout(x, rate) : x;
}

/** GELU's tanh approximation (transformers' gelu_new / gelu_pytorch_tanh). */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}
