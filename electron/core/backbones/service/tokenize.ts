import { StudioError } from '../../../../shared/api/errors';
import { loadTokenizer } from '../tokenizers/load';

export interface TokenizeResult {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][];
}

/**
 * As `tokenizer(texts, truncation=True, padding='max_length', max_length=N)` in transformers when
 * maxLength is given; otherwise the tokenizer.json's own truncation/padding (rows may differ in length).
 */
export async function tokenizeTexts(dir: string, texts: string[], maxLength?: number): Promise<TokenizeResult> {
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 1)) throw new StudioError('bad_input', `--max-length must be a positive integer, got ${maxLength}`);
  let tok;
  try {
    tok = await loadTokenizer(dir);
  } catch (e) {
    throw new StudioError('bad_input', (e as Error).message);
  }
  const enc = tok.encodeBatch(texts, maxLength === undefined ? {} : { maxLength, truncation: true, padding: 'max_length' });
  return { input_ids: enc.inputIds, attention_mask: enc.attentionMask, token_type_ids: enc.tokenTypeIds };
}
