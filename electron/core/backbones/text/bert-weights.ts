import type * as tf from '../../tf/tf';
import { StudioError } from '../../../../shared/api/errors';
import type { CheckpointParams } from '../params';
import type { BertConfig } from './config';
import { TextWeights } from './names';
import type { Linear, Norm } from './ops';

export interface BertLayerWeights {
  query: Linear;
  key: Linear;
  value: Linear;
  attnOut: Linear;
  attnNorm: Norm;
  intermediate: Linear;
  output: Linear;
  outNorm: Norm;
}

export interface BertWeights {
  wordEmb: tf.Variable;
  posEmb: tf.Variable;
  typeEmb: tf.Variable;
  embNorm: Norm;
  layers: BertLayerWeights[];
  pooler: Linear;
}

/**
 * Reads BertModel tensors (`embeddings.*`, `encoder.layer.N.*`, `pooler.dense`), with or without
 * the `bert.` prefix of BertFor* checkpoints, LayerNorm as weight/bias or gamma/beta. Task heads
 * (`cls.*` of the pre-training upload, `classifier.*`) and the `position_ids` buffer are known
 * and skipped; any other extra tensor is an error (an unsupported variant).
 */
export async function readBertWeights(params: CheckpointParams, c: BertConfig): Promise<BertWeights> {
  const prefix = TextWeights.detectPrefix(params, 'embeddings.word_embeddings.weight', ['', 'bert.'], 'BERT');
  const w = new TextWeights(params, prefix);
  const H = c.hiddenSize;
  if (!w.has('pooler.dense.weight')) {
    throw new StudioError('bad_input', `BERT checkpoint has no pooler ('${prefix}pooler.dense.weight'): features are the pooler output, so this checkpoint cannot be used`);
  }
  const embNorm = await w.norm('embeddings.LayerNorm', H);
  const wordEmb = await w.variable('embeddings.word_embeddings.weight', 'as-is', [c.vocabSize, H]);
  const posEmb = await w.variable('embeddings.position_embeddings.weight', 'as-is', [c.maxPositions, H]);
  const typeEmb = await w.variable('embeddings.token_type_embeddings.weight', 'as-is', [c.typeVocabSize, H]);
  const layers: BertLayerWeights[] = [];
  for (let i = 0; i < c.numLayers; i++) {
    const L = `encoder.layer.${i}`;
    layers.push({
      query: await w.linear(`${L}.attention.self.query`, H, H),
      key: await w.linear(`${L}.attention.self.key`, H, H),
      value: await w.linear(`${L}.attention.self.value`, H, H),
      attnOut: await w.linear(`${L}.attention.output.dense`, H, H),
      attnNorm: await w.norm(`${L}.attention.output.LayerNorm`, H),
      intermediate: await w.linear(`${L}.intermediate.dense`, H, c.intermediateSize),
      output: await w.linear(`${L}.output.dense`, c.intermediateSize, H),
      outNorm: await w.norm(`${L}.output.LayerNorm`, H),
    });
  }
  const pooler = await w.linear('pooler.dense', H, H);
  w.ignoreMatching((n) => n.startsWith('cls.') || n.startsWith('classifier.') || n === `${prefix}embeddings.position_ids`);
  params.assertAllUsed(`BertModel with ${c.numLayers} layers`);
  return { wordEmb, posEmb, typeEmb, embNorm, layers, pooler };
}
