import type * as tf from '../tf/tf';

/**
 * The shape every backbone family implements, so training, embedding and export can treat
 * VGG, ResNet, ViT, BERT and GPT-2 alike.
 *
 * A backbone is a chain of `numBlocks` stages. `cut` is a stage index in [0, numBlocks]:
 * stages [0, cut) are the frozen trunk, whose output is cached per item; stages [cut, numBlocks)
 * plus the feature head (pooling / final LayerNorm / BERT pooler / GPT-2 last token) are the tail.
 * cut = numBlocks is a probe (everything frozen); cut = 0 is full fine-tuning.
 */
export type Family = 'resnet' | 'vgg' | 'vit' | 'bert' | 'gpt2';
export type Modality = 'image' | 'text';

export interface ImageInput {
  /** NHWC float32, already normalised with the backbone's mean/std. */
  pixels: tf.Tensor4D;
}

export interface TextInput {
  inputIds: tf.Tensor2D; // int32 [B, T]
  attentionMask: tf.Tensor2D; // int32 or float32 [B, T], 1 for real tokens
  tokenTypeIds?: tf.Tensor2D; // int32 [B, T], BERT only
}

export type BackboneInput = ImageInput | TextInput;

/** What flows across a cut point. Text families carry the mask the later blocks need. */
export interface Activation {
  x: tf.Tensor;
  attentionMask?: tf.Tensor2D;
}

export interface BackboneInfo {
  family: Family;
  modality: Modality;
  /** e.g. 'resnet50', 'vgg16_bn', 'vit_base_patch16_224', 'bert', 'gpt2' */
  architecture: string;
  featureDim: number;
  numBlocks: number;
  /** What finetune trains by default: the last N blocks. */
  defaultFinetuneBlocks: number;
  /**
   * Optional (additive): the checkpoint names of the classifier a fine-tuned export writes its head under,
   * e.g. 'fc.weight', 'classifier.6.weight', 'head.fc.weight', 'head.weight', 'classifier.weight'.
   */
  headNames?: { weight: string; bias: string };
  /** Optional (additive): fixed [height, width] an image family requires (ViT's position embeddings). */
  inputSize?: [number, number];
}

/** Optional (additive): the classifier the checkpoint shipped with, e.g. ImageNet's 1000 classes. */
export interface PretrainedHead {
  numClasses: number;
  /** features [B, featureDim] → logits [B, numClasses]; the caller owns the result. */
  logits(features: tf.Tensor2D): tf.Tensor2D;
}

export interface Backbone {
  info: BackboneInfo;
  /** Runs stages [0, cut). cut = 0 returns the input embedding-free activation (pixels / token ids as given). */
  trunk(input: BackboneInput, cut: number): Activation;
  /** Runs stages [cut, numBlocks) and the feature head; returns [B, featureDim]. */
  tail(act: Activation, cut: number, opts?: { training?: boolean }): tf.Tensor2D;
  /** features(x) = tail(trunk(x, n), n) for any n; the brief's definition of features. */
  features(input: BackboneInput): tf.Tensor2D;
  /** The variables of stages >= cut (what finetune trains); BatchNorm running stats excluded. */
  trainableVariables(cut: number): tf.Variable[];
  /**
   * Every weight by its name in the checkpoint's own naming (for safetensors export). Image families
   * return new tensors in PyTorch layout (conv [out,in,kh,kw], linear [out,in]); the caller disposes them.
   * Integer buffers (BatchNorm `num_batches_tracked`) come back as int32 (write them as I64).
   */
  namedWeights(): Map<string, tf.Tensor>;
  /** Optional (additive): present when the checkpoint has a classifier head the loader understood. */
  pretrainedHead?: PretrainedHead;
  /**
   * Optional (additive), transformer families only: every layer's attention probabilities from the
   * inference forward pass, after masking and softmax (transformers' output_attentions, timm's
   * `Attention`), one [B, heads, T, T] tensor per layer; the caller disposes them.
   */
  attentions?(input: BackboneInput): tf.Tensor4D[];
  dispose(): void;
}
