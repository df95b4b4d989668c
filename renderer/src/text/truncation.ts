import type { Prediction } from '../../../shared/api/methods/predict';

export type TokenFacts = Pick<Prediction, 'tokens' | 'maxTokens' | 'truncated'>;

/** A text's length in tokens, in words for people who never met a tokenizer; null for an image. */
export function truncationMessage(p: TokenFacts): string | null {
  if (p.tokens === undefined || p.maxTokens === undefined) return null;
  if (!p.truncated) return `${p.tokens} ${p.tokens === 1 ? 'token' : 'tokens'} (the model reads up to ${p.maxTokens})`;
  return `Truncated: this text is ${p.tokens} tokens long and the model reads only the first ${p.maxTokens}, so the rest did not count.`;
}
