import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../../../shared/api/errors';
import { loadTokenizer } from '../tokenizers/load';
import type { TextTokenizer } from '../tokenizers/text-tokenizer';
import { parseBertConfig, parseGpt2Config } from './config';

/** A text's length in the model's tokens, against the length the model reads. */
export interface TokenCount {
  /** Tokens the whole text makes, special tokens included, before any truncation. */
  tokens: number;
  /** The most tokens the model reads: longer texts are cut to this. */
  maxTokens: number;
  truncated: boolean;
}

/** min(tokenizer_config model_max_length, the model's positions): the longest input a text backbone takes. */
export function textModelMaxLength(tokenizer: TextTokenizer, maxPositions: number): number {
  return Math.min(tokenizer.modelMaxLength ?? maxPositions, maxPositions);
}

async function maxPositionsOf(dir: string): Promise<number> {
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new StudioError('bad_input', `Cannot read the backbone's config.json: ${(e as Error).message}`);
  }
  if (cfg.model_type === 'bert') return parseBertConfig(cfg).maxPositions;
  if (cfg.model_type === 'gpt2') return parseGpt2Config(cfg).maxPositions;
  throw new StudioError('bad_input', `config.json model_type "${String(cfg.model_type)}" is not a text backbone the studio reads`);
}

/**
 * Counts texts in a text backbone's tokens and says which the run's encoder truncates: it cuts at
 * min(the run's maxLength, the model's own maximum), as `encoderFor` does when it trains and predicts,
 * so "truncated" means the model really did not read the end of the text.
 */
export async function tokenCounter(dir: string, runMaxLength: number): Promise<(text: string) => TokenCount> {
  const [tokenizer, positions] = await Promise.all([
    loadTokenizer(dir).catch((e: Error) => {
      throw new StudioError('bad_input', e.message);
    }),
    maxPositionsOf(dir),
  ]);
  const maxTokens = Math.min(runMaxLength, textModelMaxLength(tokenizer, positions));
  return (text) => {
    const tokens = tokenizer.encode(text, null, { truncation: false, padding: 'none' }).inputIds.length;
    return { tokens, maxTokens, truncated: tokens > maxTokens };
  };
}
