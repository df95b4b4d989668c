import { parseBertConfig, parseGpt2Config } from '../text/config';
import type { WeightsCheck } from './check-image-weights';
import type { TensorExpect } from './tensor-expect';

type Json = Record<string, unknown>;

/** The model's own prefix (BertModel vs BertForSequenceClassification's `bert.`), found by one tensor it must have. */
function findPrefix(ex: TensorExpect, probe: string, prefixes: string[], what: string): void {
  const found = prefixes.find((p) => ex.has(p + probe));
  if (found === undefined) throw ex.fail(`not a ${what} checkpoint: no '${probe}' tensor (tried prefixes ${prefixes.map((p) => `'${p}'`).join(', ')})`);
  ex.prefix = found;
}

/** BERT: embeddings (vocab, positions, token types), layer count, widths. */
export function checkBert(config: Json, ex: TensorExpect): WeightsCheck {
  const c = parseBertConfig(config);
  const H = c.hiddenSize;
  if (H % c.numHeads !== 0) throw ex.fail(`config.json hidden_size ${H} is not divisible by num_attention_heads ${c.numHeads}`);
  findPrefix(ex, 'embeddings.word_embeddings.weight', ['', 'bert.'], 'BERT');
  ex.shape('embeddings.word_embeddings.weight', [c.vocabSize, H], `vocab_size ${c.vocabSize}, hidden_size ${H}`);
  ex.shape('embeddings.position_embeddings.weight', [c.maxPositions, H], `max_position_embeddings ${c.maxPositions}, hidden_size ${H}`);
  ex.shape('embeddings.token_type_embeddings.weight', [c.typeVocabSize, H], `type_vocab_size ${c.typeVocabSize}, hidden_size ${H}`);
  ex.shape(`encoder.layer.${c.numLayers - 1}.attention.self.query.weight`, [H, H], `num_hidden_layers ${c.numLayers}, hidden_size ${H}`);
  ex.absent(`encoder.layer.${c.numLayers}.attention.self.query.weight`, `num_hidden_layers is ${c.numLayers}`);
  ex.shape('encoder.layer.0.intermediate.dense.weight', [c.intermediateSize, H], `intermediate_size ${c.intermediateSize}, hidden_size ${H}`);
  return { featureDim: H };
}

/** GPT-2: embeddings (vocab, positions), layer count, widths (Conv1D weights are [in, out]). */
export function checkGpt2(config: Json, ex: TensorExpect): WeightsCheck {
  const c = parseGpt2Config(config);
  const H = c.hiddenSize;
  if (H % c.numHeads !== 0) throw ex.fail(`config.json n_embd ${H} is not divisible by n_head ${c.numHeads}`);
  findPrefix(ex, 'wte.weight', ['', 'transformer.'], 'GPT-2');
  ex.shape('wte.weight', [c.vocabSize, H], `vocab_size ${c.vocabSize}, n_embd ${H}`);
  ex.shape('wpe.weight', [c.maxPositions, H], `n_positions ${c.maxPositions}, n_embd ${H}`);
  ex.shape(`h.${c.numLayers - 1}.attn.c_attn.weight`, [H, 3 * H], `n_layer ${c.numLayers}, n_embd ${H}`);
  ex.absent(`h.${c.numLayers}.attn.c_attn.weight`, `n_layer is ${c.numLayers}`);
  ex.shape('h.0.mlp.c_fc.weight', [H, c.innerSize], `n_inner ${c.innerSize}, n_embd ${H}`);
  return { featureDim: H };
}
