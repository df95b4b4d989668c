import * as tf from '../../tf/tf';
import type { CheckpointParams } from '../params';
import { readBertWeights, type BertLayerWeights, type BertWeights } from './bert-weights';
import type { BertConfig } from './config';
import { activationByName, attention, dense, layerNorm, maybeDropout, mergeHeads, paddingBias, splitHeads, type Linear, type Norm } from './ops';
import { TextBackbone, type TextModel } from './staged';

const linearVars = (l: Linear) => [l.w, l.b];
const normVars = (n: Norm) => [n.g, n.b];
const layerVars = (l: BertLayerWeights) =>
  [l.query, l.key, l.value, l.attnOut, l.intermediate, l.output].flatMap(linearVars).concat(normVars(l.attnNorm), normVars(l.outNorm));

/**
 * BERT (transformers BertModel): post-LayerNorm encoder, exact erf GELU by default, features =
 * pooler output tanh(dense(h[:, 0])) as BertForSequenceClassification classifies.
 */
export function bertModel(w: BertWeights, c: BertConfig, params: CheckpointParams): TextModel {
  const act = activationByName(c.hiddenAct, 'hidden_act');
  const heads = c.numHeads;
  const scale = 1 / Math.sqrt(c.hiddenSize / heads);

  const embed = (ids: tf.Tensor2D, types: tf.Tensor2D | null, training: boolean): tf.Tensor3D => {
    const t = ids.shape[1];
    const words = tf.gather(w.wordEmb, ids);
    const pos = tf.expandDims(tf.slice(w.posEmb, [0, 0], [t, c.hiddenSize]), 0);
    const typ = tf.gather(w.typeEmb, types ?? tf.zerosLike(ids));
    const sum = tf.add(tf.add(words, typ), pos);
    return maybeDropout(layerNorm(sum, w.embNorm, c.layerNormEps), c.hiddenDropout, training) as tf.Tensor3D;
  };

  const block = (i: number, h: tf.Tensor3D, bias: tf.Tensor, training: boolean, sink?: tf.Tensor[]): tf.Tensor3D => {
    const L = w.layers[i];
    const q = splitHeads(dense(h, L.query), heads);
    const k = splitHeads(dense(h, L.key), heads);
    const v = splitHeads(dense(h, L.value), heads);
    const ctx = mergeHeads(attention(q, k, v, bias, scale, training ? c.attentionDropout : 0, sink));
    const attnOut = maybeDropout(dense(ctx, L.attnOut), c.hiddenDropout, training);
    const h1 = layerNorm(tf.add(attnOut, h), L.attnNorm, c.layerNormEps);
    const ff = maybeDropout(dense(act(dense(h1, L.intermediate)), L.output), c.hiddenDropout, training);
    return layerNorm(tf.add(ff, h1), L.outNorm, c.layerNormEps) as tf.Tensor3D;
  };

  const head = (h: tf.Tensor3D): tf.Tensor2D => {
    const [b, , hs] = h.shape;
    const cls = tf.reshape(tf.slice(h, [0, 0, 0], [b, 1, hs]), [b, hs]);
    return tf.tanh(dense(cls, w.pooler)) as tf.Tensor2D;
  };

  return {
    info: {
      family: 'bert',
      modality: 'text',
      architecture: 'bert',
      featureDim: c.hiddenSize,
      numBlocks: c.numLayers,
      defaultFinetuneBlocks: Math.min(2, c.numLayers),
    },
    maxPositions: c.maxPositions,
    usesTokenTypes: true,
    embed,
    attentionBias: paddingBias,
    block,
    head,
    embeddingVars: [w.wordEmb, w.posEmb, w.typeEmb, ...normVars(w.embNorm)],
    blockVars: w.layers.map(layerVars),
    headVars: linearVars(w.pooler),
    params,
  };
}

/** A BERT backbone from checkpoint tensors (CheckpointParams over a SafetensorsReader, empty prefix). */
export async function buildBert(params: CheckpointParams, config: BertConfig): Promise<TextBackbone> {
  try {
    const weights = await readBertWeights(params, config);
    return new TextBackbone(bertModel(weights, config, params));
  } catch (e) {
    params.dispose();
    throw e;
  }
}
