import { StudioError } from '../../../../shared/api/errors';
import type { FamilyLoader, LoadContext, TextPreprocessing } from '../family-types';
import { CheckpointParams } from '../params';
import { loadTokenizer } from '../tokenizers/load';
import { buildBert } from './bert';
import { parseBertConfig, parseGpt2Config } from './config';
import { buildGpt2 } from './gpt2';
import { textModelMaxLength } from './token-budget';

async function textPreprocessing(ctx: LoadContext, maxPositions: number): Promise<TextPreprocessing> {
  let tokenizer;
  try {
    tokenizer = await loadTokenizer(ctx.dir);
  } catch (e) {
    throw new StudioError('bad_input', (e as Error).message);
  }
  return { kind: 'text', tokenizer, maxLength: textModelMaxLength(tokenizer, maxPositions) };
}

/**
 * The text loaders take CheckpointParams with an empty prefix and find `bert.` / `transformer.`
 * themselves (their task-head tensors live outside that prefix and must still be recognised).
 */
export const bertFamily: FamilyLoader = {
  id: 'hf-bert',
  supports: 'transformers model_type bert (BertModel / BertFor*; tokenizer.json or vocab.txt)',
  matches: (c) => c.model_type === 'bert',
  async load(ctx) {
    const cfg = parseBertConfig(ctx.config);
    const preprocessing = await textPreprocessing(ctx, cfg.maxPositions);
    const backbone = await buildBert(new CheckpointParams(ctx.reader), cfg);
    return { backbone, preprocessing };
  },
};

export const gpt2Family: FamilyLoader = {
  id: 'hf-gpt2',
  supports: 'transformers model_type gpt2 (GPT2Model / GPT2LMHeadModel; tokenizer.json or vocab.json + merges.txt)',
  matches: (c) => c.model_type === 'gpt2',
  async load(ctx) {
    const cfg = parseGpt2Config(ctx.config);
    const preprocessing = await textPreprocessing(ctx, cfg.maxPositions);
    const backbone = await buildGpt2(new CheckpointParams(ctx.reader), cfg);
    return { backbone, preprocessing };
  },
};

export const textFamilies: FamilyLoader[] = [bertFamily, gpt2Family];
