import * as tf from '../../tf/tf';
import { StudioError } from '../../../../shared/api/errors';
import type { CheckpointParams } from '../params';
import type { Activation, Backbone, BackboneInfo, BackboneInput, TextInput } from '../types';

/** What a text family supplies; `TextBackbone` turns it into the staged Backbone. */
export interface TextModel {
  info: BackboneInfo;
  maxPositions: number;
  /** BERT: the cut-0 activation carries token type ids beside the token ids. */
  usesTokenTypes: boolean;
  embed(ids: tf.Tensor2D, typeIds: tf.Tensor2D | null, training: boolean): tf.Tensor3D;
  /** Additive attention bias for a [B, T] mask (padding, plus causal for GPT-2). */
  attentionBias(mask: tf.Tensor2D): tf.Tensor;
  /** `sink` (optional) receives the block's attention probabilities [B, heads, T, T], kept: the caller disposes. */
  block(i: number, h: tf.Tensor3D, bias: tf.Tensor, training: boolean, sink?: tf.Tensor[]): tf.Tensor3D;
  head(h: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D;
  embeddingVars: tf.Variable[];
  blockVars: tf.Variable[][];
  headVars: tf.Variable[];
  params: CheckpointParams;
}

function isText(input: BackboneInput): input is TextInput {
  return (input as TextInput).inputIds !== undefined;
}

/**
 * Stages: stage i is transformer layer i, and stage 0 also owns the embeddings (so cut = 0,
 * full fine-tuning, trains them; any cut > 0 leaves them frozen in the trunk).
 * The head (BERT pooler, GPT-2 ln_f + last-token pick) is always in the tail and trains
 * whenever any stage does; at cut = numBlocks (probe) nothing trains.
 * At cut = 0 the activation is the token ids ([B, T] int32; BERT: [B, T, 2] with the token
 * type ids stacked last) and the mask; otherwise the hidden states [B, T, H] and the mask.
 */
export class TextBackbone implements Backbone {
  readonly info: BackboneInfo;

  constructor(private readonly m: TextModel) {
    this.info = m.info;
  }

  private checkCut(cut: number): void {
    if (!Number.isInteger(cut) || cut < 0 || cut > this.info.numBlocks) {
      throw new StudioError('bad_input', `cut must be an integer in [0, ${this.info.numBlocks}], got ${cut}`);
    }
  }

  private checkInput(input: BackboneInput): TextInput {
    if (!isText(input)) throw new StudioError('bad_input', `${this.info.architecture} takes token ids, not pixels`);
    const { inputIds, attentionMask, tokenTypeIds } = input;
    if (inputIds.rank !== 2) throw new StudioError('bad_input', `inputIds must be [batch, length], got shape [${inputIds.shape.join(', ')}]`);
    const same = (t: tf.Tensor) => t.rank === 2 && t.shape[0] === inputIds.shape[0] && t.shape[1] === inputIds.shape[1];
    if (!same(attentionMask)) throw new StudioError('bad_input', `attentionMask shape [${attentionMask.shape.join(', ')}] differs from inputIds [${inputIds.shape.join(', ')}]`);
    if (tokenTypeIds && !same(tokenTypeIds)) throw new StudioError('bad_input', 'tokenTypeIds shape differs from inputIds');
    if (inputIds.shape[1] > this.m.maxPositions) {
      throw new StudioError('bad_input', `sequence length ${inputIds.shape[1]} exceeds the model's ${this.m.maxPositions} positions`);
    }
    return input;
  }

  /**
   * Inference frees each block's intermediates as it goes (BERT-base at batch 8 × 128 tokens
   * otherwise holds every layer's attention maps until the end); training keeps them for the tape.
   */
  private runBlock(i: number, h: tf.Tensor3D, bias: tf.Tensor, training: boolean): tf.Tensor3D {
    return training ? this.m.block(i, h, bias, true) : tf.tidy(() => this.m.block(i, h, bias, false));
  }

  trunk(input: BackboneInput, cut: number): Activation {
    this.checkCut(cut);
    const { inputIds, attentionMask, tokenTypeIds } = this.checkInput(input);
    return tf.tidy(() => {
      const mask = tf.cast(attentionMask, 'float32') as tf.Tensor2D;
      const ids = tf.cast(inputIds, 'int32') as tf.Tensor2D;
      const types = tokenTypeIds ? (tf.cast(tokenTypeIds, 'int32') as tf.Tensor2D) : null;
      if (cut === 0) {
        const x = this.m.usesTokenTypes ? tf.stack([ids, types ?? tf.zerosLike(ids)], 2) : tf.clone(ids);
        return { x, attentionMask: tf.clone(mask) };
      }
      let h = this.m.embed(ids, types, false);
      const bias = this.m.attentionBias(mask);
      for (let i = 0; i < cut; i++) h = this.runBlock(i, h, bias, false);
      return { x: h, attentionMask: tf.clone(mask) };
    });
  }

  tail(act: Activation, cut: number, opts: { training?: boolean } = {}): tf.Tensor2D {
    this.checkCut(cut);
    const training = opts.training ?? false;
    if (!act.attentionMask) throw new StudioError('bad_input', 'text activations must carry their attention mask');
    const maskIn = act.attentionMask;
    return tf.tidy(() => {
      const mask = tf.cast(maskIn, 'float32') as tf.Tensor2D;
      let h: tf.Tensor3D;
      if (cut === 0) {
        const x = tf.cast(act.x, 'int32');
        if (this.m.usesTokenTypes) {
          const [ids, types] = tf.unstack(x, 2) as [tf.Tensor2D, tf.Tensor2D];
          h = this.m.embed(ids, types, training);
        } else {
          h = this.m.embed(x as tf.Tensor2D, null, training);
        }
      } else {
        h = act.x as tf.Tensor3D;
      }
      const bias = this.m.attentionBias(mask);
      for (let i = cut; i < this.info.numBlocks; i++) h = this.runBlock(i, h, bias, training);
      return this.m.head(h, mask);
    });
  }

  features(input: BackboneInput): tf.Tensor2D {
    const act = this.trunk(input, 0);
    try {
      return this.tail(act, 0);
    } finally {
      act.x.dispose();
      act.attentionMask?.dispose();
    }
  }

  /** Every layer's attention probabilities from the inference forward pass, [B, heads, T, T] each. */
  attentions(input: BackboneInput): tf.Tensor4D[] {
    const { inputIds, attentionMask, tokenTypeIds } = this.checkInput(input);
    const sink: tf.Tensor[] = [];
    try {
      tf.tidy(() => {
        const mask = tf.cast(attentionMask, 'float32') as tf.Tensor2D;
        const types = tokenTypeIds ? (tf.cast(tokenTypeIds, 'int32') as tf.Tensor2D) : null;
        let h = this.m.embed(tf.cast(inputIds, 'int32') as tf.Tensor2D, types, false);
        const bias = this.m.attentionBias(mask);
        for (let i = 0; i < this.info.numBlocks; i++) h = this.m.block(i, h, bias, false, sink);
      });
    } catch (e) {
      tf.dispose(sink);
      throw e;
    }
    return sink as tf.Tensor4D[];
  }

  trainableVariables(cut: number): tf.Variable[] {
    this.checkCut(cut);
    if (cut === this.info.numBlocks) return [];
    return [...(cut === 0 ? this.m.embeddingVars : []), ...this.m.blockVars.slice(cut).flat(), ...this.m.headVars];
  }

  /** New tensors in the checkpoint's own names and layout; the caller disposes them. */
  namedWeights(): Map<string, tf.Tensor> {
    return new Map(this.m.params.params.flatMap((p) => p.exportAs()));
  }

  dispose(): void {
    this.m.params.dispose();
  }
}
