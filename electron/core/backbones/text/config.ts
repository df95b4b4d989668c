import { StudioError } from '../../../../shared/api/errors';

/** The fields of a transformers config.json the text families read, checked. */
export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  hiddenAct: string;
  hiddenDropout: number;
  attentionDropout: number;
}

export interface Gpt2Config {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  innerSize: number;
  maxPositions: number;
  layerNormEps: number;
  activation: string;
  residDropout: number;
  embdDropout: number;
  attnDropout: number;
  scaleAttnWeights: boolean;
  scaleByInverseLayerIdx: boolean;
}

function reader(cfg: Record<string, unknown>, family: string) {
  const int = (key: string, fallback?: number): number => {
    const v = cfg[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new StudioError('bad_input', `${family} config.json: "${key}" must be a positive integer (got ${JSON.stringify(cfg[key])})`);
    }
    return v;
  };
  const num = (key: string, fallback: number): number => {
    const v = cfg[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new StudioError('bad_input', `${family} config.json: "${key}" must be a non-negative number (got ${JSON.stringify(cfg[key])})`);
    }
    return v;
  };
  return { int, num };
}

function checkType(cfg: Record<string, unknown>, expected: string): void {
  if (cfg.model_type !== undefined && cfg.model_type !== expected) {
    throw new StudioError('bad_input', `config.json model_type is "${String(cfg.model_type)}", expected "${expected}"`);
  }
}

export function parseBertConfig(cfg: Record<string, unknown>): BertConfig {
  checkType(cfg, 'bert');
  const { int, num } = reader(cfg, 'BERT');
  const c: BertConfig = {
    vocabSize: int('vocab_size'),
    hiddenSize: int('hidden_size', 768),
    numLayers: int('num_hidden_layers', 12),
    numHeads: int('num_attention_heads', 12),
    intermediateSize: int('intermediate_size', 3072),
    maxPositions: int('max_position_embeddings', 512),
    typeVocabSize: int('type_vocab_size', 2),
    layerNormEps: num('layer_norm_eps', 1e-12),
    hiddenAct: typeof cfg.hidden_act === 'string' ? cfg.hidden_act : 'gelu',
    hiddenDropout: num('hidden_dropout_prob', 0.1),
    attentionDropout: num('attention_probs_dropout_prob', 0.1),
  };
  if (cfg.position_embedding_type !== undefined && cfg.position_embedding_type !== 'absolute') {
    throw new StudioError('bad_input', `BERT position_embedding_type "${String(cfg.position_embedding_type)}" is not supported (only absolute)`);
  }
  if (c.hiddenSize % c.numHeads !== 0) throw new StudioError('bad_input', `BERT hidden_size ${c.hiddenSize} is not divisible by num_attention_heads ${c.numHeads}`);
  return c;
}

export function parseGpt2Config(cfg: Record<string, unknown>): Gpt2Config {
  checkType(cfg, 'gpt2');
  const { int, num } = reader(cfg, 'GPT-2');
  const hiddenSize = int('n_embd', 768);
  const c: Gpt2Config = {
    vocabSize: int('vocab_size', 50257),
    hiddenSize,
    numLayers: int('n_layer', 12),
    numHeads: int('n_head', 12),
    innerSize: cfg.n_inner === null || cfg.n_inner === undefined ? 4 * hiddenSize : int('n_inner'),
    maxPositions: int('n_positions', 1024),
    layerNormEps: num('layer_norm_epsilon', 1e-5),
    activation: typeof cfg.activation_function === 'string' ? cfg.activation_function : 'gelu_new',
    residDropout: num('resid_pdrop', 0.1),
    embdDropout: num('embd_pdrop', 0.1),
    attnDropout: num('attn_pdrop', 0.1),
    scaleAttnWeights: cfg.scale_attn_weights !== false,
    scaleByInverseLayerIdx: cfg.scale_attn_by_inverse_layer_idx === true,
  };
  if (hiddenSize % c.numHeads !== 0) throw new StudioError('bad_input', `GPT-2 n_embd ${hiddenSize} is not divisible by n_head ${c.numHeads}`);
  return c;
}
