import * as tf from '../tf/tf';
import { StudioError } from '../../../shared/api/errors';
import type { Backbone, BackboneInput } from '../backbones/types';

/** Attention probabilities of every layer and head: float32 [N, layers, heads, T, T], row-major. */
export interface AttentionMaps {
  data: Float32Array;
  shape: [number, number, number, number, number];
}

/**
 * One forward pass of the backbone's own inference code with its attention probabilities collected
 * (transformers' output_attentions=True; timm's `Attention` softmax). Padding rows and columns are
 * left exactly as the reference leaves them: padded keys get ~0, padded queries still attend.
 */
export function attentionMaps(backbone: Backbone, input: BackboneInput): AttentionMaps {
  if (!backbone.attentions) {
    throw new StudioError('bad_input', `${backbone.info.architecture} (${backbone.info.family}) has no attention layers: attention maps exist for BERT, GPT-2 and ViT`);
  }
  const layers = backbone.attentions(input);
  try {
    if (layers.length === 0) throw new StudioError('bad_input', `${backbone.info.architecture} reported no attention layers`);
    const [n, heads, t] = layers[0]!.shape;
    const stacked = tf.tidy(() => tf.stack(layers, 1));
    const data = stacked.dataSync() as Float32Array;
    stacked.dispose();
    return { data: new Float32Array(data), shape: [n, layers.length, heads, t, t] };
  } finally {
    tf.dispose(layers);
  }
}
