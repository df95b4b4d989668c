import * as tf from '../tf/tf';
import { StudioError } from '../../../shared/api/errors';
import type { Backbone, BackboneInput } from '../backbones/types';

/** Class maps [N, h, w] (text: [N, 1, T], one score per token), each ReLU'd and divided by its max (all zeros where nothing is positive). */
export interface CamMaps {
  data: Float32Array;
  shape: [number, number, number];
  /** The class each map explains (the predicted one unless another was asked for). */
  classes: number[];
  /** Softmax probability of that class. */
  scores: number[];
}

export interface GradCamRequest {
  backbone: Backbone;
  /** features [B, D] → logits [B, C]: a run's head, or the checkpoint's own classifier. */
  logits: (features: tf.Tensor2D) => tf.Tensor2D;
  /** NHWC normalised pixels, or token ids with their mask (text families). */
  input: BackboneInput;
  /** Per item: a class index, or null/absent for the predicted class. */
  classes?: readonly (number | null | undefined)[];
}

/**
 * Where Grad-CAM reads the network: the cut whose activation is the last convolutional stage's output
 * (pytorch-grad-cam's usual target layers: ResNet `layer4[-1]`, VGG `features[-1]`; VGG's fc1/fc2 are
 * the two stages after it). For ViT, the tokens entering the last block: after it only the CLS token
 * reaches the head, so the patch tokens there carry no gradient. Text families likewise: the tokens
 * entering the last block (BERT's pooler reads CLS, GPT-2 the last token).
 */
export function camCut(b: Backbone): number {
  const n = b.info.numBlocks;
  switch (b.info.family) {
    case 'resnet':
      return n;
    case 'vgg':
      return n - 2;
    case 'vit':
    case 'bert':
    case 'gpt2':
      return n - 1;
    default:
      throw new StudioError('bad_input', `Grad-CAM has no target layer for the ${String(b.info.family)} family`);
  }
}

/** [N, T, D] ViT tokens → [N, g, g, D] patch grid (CLS dropped), as pytorch-grad-cam's reshape_transform. */
function tokensToGrid(x: tf.Tensor): tf.Tensor4D {
  const [n, t, d] = x.shape as [number, number, number];
  const g = Math.round(Math.sqrt(t - 1));
  if (g * g !== t - 1) throw new StudioError('bad_input', `${t - 1} patch tokens do not form a square grid`);
  return tf.reshape(tf.slice(x, [0, 1, 0], [n, t - 1, d]), [n, g, g, d]);
}

/**
 * Grad-CAM (Selvaraju et al.; pytorch-grad-cam's GradCAM): the gradient of the chosen class's logit with
 * respect to the target activation A, channel weights = the gradient's spatial mean, map = ReLU(Σ_c w_c·A_c),
 * divided by its max, at A's own resolution. Items in a batch do not interact (BatchNorm in eval mode),
 * so one backward pass of the summed chosen logits gives every item's own gradient.
 */
export function gradCam(req: GradCamRequest): CamMaps {
  const { backbone, input } = req;
  const cut = camCut(backbone);
  const text = backbone.info.modality === 'text';
  const n = 'pixels' in input ? input.pixels.shape[0] : input.inputIds.shape[0];
  if (req.classes && req.classes.length !== n) throw new StudioError('bad_input', `${req.classes.length} classes given for ${n} items`);
  const act = backbone.trunk(input, cut);
  let out: CamMaps | undefined;
  try {
    tf.tidy(() => {
      const A = act.x;
      const forward = (a: tf.Tensor) => req.logits(backbone.tail({ x: a, ...(act.attentionMask ? { attentionMask: act.attentionMask } : {}) }, cut));
      const logits = forward(A);
      const numClasses = logits.shape[1];
      const predicted = tf.argMax(logits, 1).arraySync() as number[];
      const chosen = predicted.map((p, i) => {
        const c = req.classes?.[i];
        if (c === null || c === undefined) return p;
        if (!Number.isInteger(c) || c < 0 || c >= numClasses) throw new StudioError('bad_input', `class ${c} is not one of the model's ${numClasses} classes`);
        return c;
      });
      const oneHot = tf.oneHot(tf.tensor1d(chosen, 'int32'), numClasses);
      const probs = tf.sum(tf.mul(tf.softmax(logits), oneHot), 1).arraySync() as number[];
      const grads = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(forward(a), oneHot)))(A);
      let cam: tf.Tensor3D;
      if (text) {
        // Tokens as the positions: weights = the gradient's mean over real tokens; padding scores 0.
        const mask = tf.expandDims(tf.cast(act.attentionMask!, 'float32'), 2);
        const weights = tf.div(tf.sum(tf.mul(grads, mask), 1, true), tf.maximum(tf.sum(mask, 1, true), 1));
        cam = tf.expandDims(tf.mul(tf.relu(tf.sum(tf.mul(A, weights), 2)), tf.squeeze(mask, [2])), 1) as tf.Tensor3D;
      } else {
        const grid = backbone.info.family === 'vit' ? tokensToGrid(A) : (A as tf.Tensor4D);
        const gGrid = backbone.info.family === 'vit' ? tokensToGrid(grads) : (grads as tf.Tensor4D);
        const weights = tf.mean(gGrid, [1, 2], true);
        cam = tf.relu(tf.sum(tf.mul(grid, weights), 3)) as tf.Tensor3D;
      }
      const peak = tf.max(cam, [1, 2], true);
      const scaled = tf.where(tf.greater(peak, 0), tf.div(cam, tf.maximum(peak, 1e-30)), tf.zerosLike(cam));
      const [, h, w] = scaled.shape as [number, number, number];
      out = { data: new Float32Array(scaled.dataSync()), shape: [n, h, w], classes: chosen, scores: probs };
    });
  } finally {
    act.x.dispose();
    act.attentionMask?.dispose();
  }
  return out!;
}
