/** One encoded text (or text pair), after post-processing, truncation and padding. */
export interface TextEncoding {
  inputIds: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
  /** Token strings, same length as inputIds (padding shows as the pad token). */
  tokens: string[];
}

/** Row-per-text arrays, every row the same length when padding is on. */
export interface BatchEncoding {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
}

export type PaddingMode = 'max_length' | 'longest' | 'none';
export type TruncationStrategy = 'longest_first' | 'only_first' | 'only_second';

export interface EncodeOptions {
  /**
   * Total length including special tokens. Given: truncation on and padding to it, as
   * `tokenizer(text, truncation=True, padding='max_length', max_length=N)` in transformers.
   * Absent: the tokenizer.json `truncation` / `padding` sections apply, if any.
   */
  maxLength?: number;
  truncation?: boolean | TruncationStrategy;
  padding?: PaddingMode;
  /** Default true. GPT-2's post-processor adds none either way. */
  addSpecialTokens?: boolean;
}
