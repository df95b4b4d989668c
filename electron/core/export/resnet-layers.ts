import * as tf from '../tf/tf';
import { StudioError } from '../../../shared/api/errors';

/** Weights in PyTorch layout by hub name, as Backbone.namedWeights() gives them. */
type Named = Map<string, tf.Tensor>;

function need(w: Named, name: string): tf.Tensor {
  const t = w.get(name);
  if (!t) throw new StudioError('unavailable', `TF.js export: the backbone has no '${name}' (not a torchvision/timm ResNet layout)`);
  return t;
}

/** Transposed copies made here; the layers copy them into their own variables, so the caller frees these after building. */
export const exportTemps: tf.Tensor[] = [];

/** [out, in, kh, kw] → [kh, kw, in, out] */
const convKernel = (t: tf.Tensor) => {
  const k = tf.transpose(t, [2, 3, 1, 0]);
  exportTemps.push(k);
  return k;
};

/**
 * Conv (bias-free, symmetric zero padding as PyTorch pads) + BatchNorm in inference mode, from standard
 * tfjs layers so `tf.loadLayersModel` needs nothing custom.
 */
function convBn(x: tf.SymbolicTensor, w: Named, conv: string, bn: string, stride: number, eps: number): tf.SymbolicTensor {
  const k = need(w, `${conv}.weight`);
  const [out, , kh] = k.shape as [number, number, number, number];
  const pad = (kh! - 1) / 2;
  let y = x;
  if (pad > 0) y = tf.layers.zeroPadding2d({ padding: pad, name: `${conv}.pad` }).apply(y) as tf.SymbolicTensor;
  y = tf.layers
    .conv2d({ filters: out!, kernelSize: kh!, strides: stride, padding: 'valid', useBias: false, name: conv, weights: [convKernel(k)] })
    .apply(y) as tf.SymbolicTensor;
  return tf.layers
    .batchNormalization({
      axis: -1,
      epsilon: eps,
      name: bn,
      weights: [need(w, `${bn}.weight`), need(w, `${bn}.bias`), need(w, `${bn}.running_mean`), need(w, `${bn}.running_var`)],
    })
    .apply(y) as tf.SymbolicTensor;
}

const relu = (x: tf.SymbolicTensor, name: string) => tf.layers.reLU({ name }).apply(x) as tf.SymbolicTensor;

/**
 * A torchvision/timm ResNet (v1.5: the stride sits on the 3×3 conv) rebuilt as a tf.LayersModel from its named
 * weights; widths and depths are read from the tensors, so reduced-width variants (the starter) work too.
 * Returns the pooled features [B, C]; the caller adds the classifier.
 */
export function resnetLayers(input: tf.SymbolicTensor, w: Named, eps = 1e-5): tf.SymbolicTensor {
  let x = relu(convBn(input, w, 'conv1', 'bn1', 2, eps), 'act1');
  x = tf.layers.zeroPadding2d({ padding: 1, name: 'maxpool.pad' }).apply(x) as tf.SymbolicTensor;
  // Zero padding equals PyTorch's -inf padding here: the max runs over ReLU outputs (all ≥ 0).
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'maxpool' }).apply(x) as tf.SymbolicTensor;
  for (let li = 1; w.has(`layer${li}.0.conv1.weight`); li++) {
    for (let bi = 0; w.has(`layer${li}.${bi}.conv1.weight`); bi++) {
      const p = `layer${li}.${bi}`;
      const stride = bi === 0 && li > 1 ? 2 : 1;
      const bottleneck = w.has(`${p}.conv3.weight`);
      let y: tf.SymbolicTensor;
      if (bottleneck) {
        y = relu(convBn(x, w, `${p}.conv1`, `${p}.bn1`, 1, eps), `${p}.act1`);
        y = relu(convBn(y, w, `${p}.conv2`, `${p}.bn2`, stride, eps), `${p}.act2`);
        y = convBn(y, w, `${p}.conv3`, `${p}.bn3`, 1, eps);
      } else {
        y = relu(convBn(x, w, `${p}.conv1`, `${p}.bn1`, stride, eps), `${p}.act1`);
        y = convBn(y, w, `${p}.conv2`, `${p}.bn2`, 1, eps);
      }
      const shortcut = w.has(`${p}.downsample.0.weight`) ? convBn(x, w, `${p}.downsample.0`, `${p}.downsample.1`, stride, eps) : x;
      x = relu(tf.layers.add({ name: `${p}.add` }).apply([y, shortcut]) as tf.SymbolicTensor, `${p}.out`);
    }
  }
  return tf.layers.globalAveragePooling2d({ name: 'global_pool' }).apply(x) as tf.SymbolicTensor;
}
