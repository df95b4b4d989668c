import * as tf from '../tf/tf';
import { StudioError } from '../../../shared/api/errors';
import { exportTemps } from './resnet-layers';

type Named = Map<string, tf.Tensor>;

const keep = (t: tf.Tensor) => (exportTemps.push(t), t);

function need(w: Named, name: string): tf.Tensor {
  const t = w.get(name);
  if (!t) throw new StudioError('unavailable', `TF.js export: the backbone has no '${name}' (not a torchvision/timm VGG layout)`);
  return t;
}

/**
 * torch.nn.AdaptiveAvgPool2d(7) from standard layers, for the map sizes it can be written that way:
 * identity at 7, an average pool when 7 divides the size, a 7× nearest upsampling from 1×1.
 */
function adaptiveTo7(x: tf.SymbolicTensor, size: number): tf.SymbolicTensor {
  if (size === 7) return x;
  if (size % 7 === 0) return tf.layers.averagePooling2d({ poolSize: size / 7, strides: size / 7, padding: 'valid', name: 'pool7' }).apply(x) as tf.SymbolicTensor;
  if (size === 1) return tf.layers.upSampling2d({ size: [7, 7], name: 'pool7' }).apply(x) as tf.SymbolicTensor;
  throw new StudioError('unavailable', `TF.js export of a VGG needs a feature map of 1×1 or a multiple of 7 before the classifier (input size a multiple of 224 or 32), got ${size}×${size}.`);
}

/**
 * A torchvision/timm VGG rebuilt from standard tfjs layers: the `features` convs (with or without BatchNorm)
 * and pools, then fc1/fc2 as convolutions over the 7×7 map exactly as the app runs them, global-averaged.
 */
export function vggLayers(input: tf.SymbolicTensor, w: Named, inputSize: number, eps = 1e-5): tf.SymbolicTensor {
  const convIdx = [...w.keys()]
    .map((k) => /^features\.(\d+)\.weight$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null && w.get(m[0])!.rank === 4)
    .map((m) => Number(m[1]));
  if (convIdx.length === 0) throw new StudioError('unavailable', 'TF.js export: no VGG `features` convolutions found');
  const last = Math.max(...convIdx);
  let x = input;
  let size = inputSize;
  const pool = (name: string) => {
    x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid', name }).apply(x) as tf.SymbolicTensor;
    size = Math.floor(size / 2);
  };
  for (let idx = 0; idx <= last; ) {
    if (!w.has(`features.${idx}.weight`)) {
      pool(`features.${idx}`);
      idx += 1;
      continue;
    }
    const k = need(w, `features.${idx}.weight`);
    x = tf.layers.zeroPadding2d({ padding: 1, name: `features.${idx}.pad` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .conv2d({ filters: k.shape[0]!, kernelSize: 3, padding: 'valid', name: `features.${idx}`, weights: [keep(tf.transpose(k, [2, 3, 1, 0])), need(w, `features.${idx}.bias`)] })
      .apply(x) as tf.SymbolicTensor;
    const bn = `features.${idx + 1}`;
    const hasBn = w.has(`${bn}.running_mean`);
    if (hasBn) {
      x = tf.layers
        .batchNormalization({ axis: -1, epsilon: eps, name: bn, weights: [need(w, `${bn}.weight`), need(w, `${bn}.bias`), need(w, `${bn}.running_mean`), need(w, `${bn}.running_var`)] })
        .apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.reLU({ name: `features.${idx}.relu` }).apply(x) as tf.SymbolicTensor;
    idx += hasBn ? 3 : 2;
  }
  pool('features.last_pool');

  const tv = w.has('classifier.0.weight');
  const fc1 = tv ? 'classifier.0' : 'pre_logits.fc1';
  const fc2 = tv ? 'classifier.3' : 'pre_logits.fc2';
  const w1 = need(w, `${fc1}.weight`);
  const hidden = w1.shape[0]!;
  const k1 = keep(tf.tidy(() => tf.transpose(tf.reshape(w1, [hidden, -1, 7, 7]), [2, 3, 1, 0])));
  const k2 = keep(tf.tidy(() => tf.transpose(tf.reshape(need(w, `${fc2}.weight`), [hidden, hidden, 1, 1]), [2, 3, 1, 0])));
  // torchvision always pools to 7×7; timm's ConvMlp pools only maps smaller than 7.
  if (tv || size < 7) x = adaptiveTo7(x, size);
  x = tf.layers.conv2d({ filters: hidden, kernelSize: 7, padding: 'valid', activation: 'relu', name: fc1, weights: [k1, need(w, `${fc1}.bias`)] }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: hidden, kernelSize: 1, padding: 'valid', activation: 'relu', name: fc2, weights: [k2, need(w, `${fc2}.bias`)] }).apply(x) as tf.SymbolicTensor;
  return tf.layers.globalAveragePooling2d({ name: 'global_pool' }).apply(x) as tf.SymbolicTensor;
}
