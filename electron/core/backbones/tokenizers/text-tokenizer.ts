import { Tokenizer } from '@huggingface/tokenizers';
import { createPostProcessor, type PostProcessor } from './post-processor';
import { truncatedLengths } from './truncation';
import type { BatchEncoding, EncodeOptions, PaddingMode, TextEncoding, TruncationStrategy } from './types';

/** Section types the tokenizer package implements that our checkpoints use; others error early. */
const SUPPORTED: Record<string, string[]> = {
  normalizer: ['BertNormalizer', 'Lowercase', 'NFC', 'NFD', 'NFKC', 'NFKD', 'StripAccents', 'Strip', 'Replace', 'Prepend', 'Sequence'],
  pre_tokenizer: ['BertPreTokenizer', 'ByteLevel', 'Whitespace', 'WhitespaceSplit', 'Punctuation', 'Digits', 'Split', 'Metaspace', 'Sequence'],
  model: ['WordPiece', 'BPE'],
};

interface PaddingSection {
  strategy?: 'BatchLongest' | { Fixed: number };
  direction?: string;
  pad_id?: number;
  pad_type_id?: number;
  pad_token?: string;
}

interface TruncationSection {
  max_length?: number;
  strategy?: string;
  direction?: string;
  stride?: number;
}

function checkSection(json: Record<string, unknown>, key: string): void {
  const section = json[key] as { type?: string; normalizers?: unknown[]; pretokenizers?: unknown[] } | null | undefined;
  if (section === null || section === undefined) {
    if (key === 'model') throw new Error('tokenizer.json has no "model" section.');
    return;
  }
  const allowed = SUPPORTED[key];
  if (!allowed.includes(String(section.type))) {
    throw new Error(`Unsupported tokenizer ${key} type "${String(section.type)}" (supported: ${allowed.join(', ')}).`);
  }
  for (const inner of [...(section.normalizers ?? []), ...(section.pretokenizers ?? [])]) {
    checkSection({ [key]: inner }, key);
  }
}

const STRATEGIES: Record<string, TruncationStrategy> = {
  LongestFirst: 'longest_first',
  OnlyFirst: 'only_first',
  OnlySecond: 'only_second',
};

/**
 * A tokenizer read from the tokenizers library's tokenizer.json. The normalizer, pre-tokenizer
 * and model run in @huggingface/tokenizers (pure JS, the tokenizer of transformers.js); post-
 * processing, truncation and padding run here so they follow the Rust library exactly.
 * Padding is always on the right: the text backbones find the last real token from the mask.
 */
export class TextTokenizer {
  readonly padId: number;
  readonly padToken: string;
  readonly vocabSize: number;
  /** tokenizer_config.json's model_max_length (BERT-base 512), when it is a sensible number. */
  readonly modelMaxLength: number | undefined;
  private readonly inner: Tokenizer;
  private readonly post: PostProcessor;
  private readonly padTypeId: number;
  private readonly defaultTruncation: { maxLength: number; strategy: TruncationStrategy } | null;
  private readonly defaultPadding: PaddingMode | number;

  constructor(json: Record<string, unknown>, config: Record<string, unknown> = {}) {
    for (const key of ['normalizer', 'pre_tokenizer', 'model']) checkSection(json, key);
    this.post = createPostProcessor(json.post_processor);
    try {
      // The package ignores the post-processor when we pass add_special_tokens: false, but
      // it still constructs one; hand it none so unknown types are reported by us alone.
      this.inner = new Tokenizer({ ...json, post_processor: null, decoder: json.decoder ?? null }, config);
    } catch (err) {
      throw new Error(`Cannot read tokenizer.json: ${(err as Error).message}`);
    }
    const padding = json.padding as PaddingSection | null | undefined;
    const truncation = json.truncation as TruncationSection | null | undefined;
    const padToken = padding?.pad_token ?? (typeof config.pad_token === 'string' ? config.pad_token : undefined);
    const padFromToken = padToken === undefined ? undefined : this.inner.token_to_id(padToken);
    const eos = typeof config.eos_token === 'string' ? config.eos_token : undefined;
    const eosId = eos === undefined ? undefined : this.inner.token_to_id(eos);
    // GPT-2 has no pad token: pad with eos (as GPT2ForSequenceClassification users do) or 0.
    // The value never matters to the model: the attention mask hides it.
    this.padId = padding?.pad_id ?? padFromToken ?? eosId ?? 0;
    this.padToken = padToken ?? this.inner.id_to_token(this.padId) ?? '';
    this.padTypeId = padding?.pad_type_id ?? 0;
    this.vocabSize = this.inner.get_vocab(true).size;
    const mml = config.model_max_length;
    // transformers writes a huge sentinel (1e30) when the length is unknown.
    this.modelMaxLength = typeof mml === 'number' && Number.isInteger(mml) && mml > 0 && mml < 1e7 ? mml : undefined;
    this.defaultTruncation = truncation?.max_length
      ? { maxLength: truncation.max_length, strategy: STRATEGIES[truncation.strategy ?? 'LongestFirst'] ?? 'longest_first' }
      : null;
    if (truncation?.direction && truncation.direction !== 'Right') {
      throw new Error(`Unsupported truncation direction "${truncation.direction}" in tokenizer.json (only Right).`);
    }
    if (padding && padding.strategy !== undefined) {
      this.defaultPadding = typeof padding.strategy === 'object' ? padding.strategy.Fixed : 'longest';
    } else {
      this.defaultPadding = 'none';
    }
  }

  /** Ids of one text without special tokens, truncation or padding. */
  rawIds(text: string): number[] {
    // Rust BPE without an unk token drops unknown symbols; the package yields undefined there.
    return this.inner.encode(text, { add_special_tokens: false }).ids.filter((id) => id !== undefined);
  }

  tokenToId(token: string): number | undefined {
    return this.inner.token_to_id(token);
  }

  idToToken(id: number): string | undefined {
    return this.inner.id_to_token(id);
  }

  encode(text: string, pair: string | null = null, opts: EncodeOptions = {}): TextEncoding {
    const enc = this.encodeUnpadded(text, pair, opts);
    const target = this.padTarget(opts);
    return typeof target === 'number' ? this.pad(enc, target) : enc;
  }

  /** Encodes texts (or [text, pair] tuples); 'longest' padding pads to the batch's longest. */
  encodeBatch(texts: (string | [string, string])[], opts: EncodeOptions = {}): BatchEncoding {
    const encs = texts.map((t) => (Array.isArray(t) ? this.encodeUnpadded(t[0], t[1], opts) : this.encodeUnpadded(t, null, opts)));
    let target = this.padTarget(opts);
    if (target === 'longest') target = Math.max(0, ...encs.map((e) => e.inputIds.length));
    const padded = typeof target === 'number' ? encs.map((e) => this.pad(e, target as number)) : encs;
    return {
      inputIds: padded.map((e) => e.inputIds),
      attentionMask: padded.map((e) => e.attentionMask),
      tokenTypeIds: padded.map((e) => e.tokenTypeIds),
    };
  }

  private padTarget(opts: EncodeOptions): number | 'longest' | 'none' {
    const mode = opts.padding ?? (opts.maxLength !== undefined ? 'max_length' : this.defaultPadding);
    if (mode === 'max_length') {
      if (opts.maxLength === undefined) throw new Error('padding "max_length" needs maxLength.');
      return opts.maxLength;
    }
    return mode;
  }

  private encodeUnpadded(text: string, pair: string | null, opts: EncodeOptions): TextEncoding {
    if (typeof text !== 'string' || (pair !== null && typeof pair !== 'string')) {
      throw new Error('Tokenizer input must be a string (or a pair of strings).');
    }
    let a = this.rawIds(text);
    let b = pair === null ? null : this.rawIds(pair);
    const special = opts.addSpecialTokens ?? true;
    const trunc = this.truncation(opts);
    if (trunc) {
      const budget = trunc.maxLength - (special ? this.post.added(b !== null) : 0);
      const [na, nb] = truncatedLengths(a.length, b?.length ?? null, budget, trunc.strategy);
      a = a.slice(0, na);
      b = b === null ? null : b.slice(0, nb);
    }
    const { ids, typeIds } = special
      ? this.post.apply(a, b)
      : { ids: [...a, ...(b ?? [])], typeIds: [...a.map(() => 0), ...(b ?? []).map(() => 1)] };
    return {
      inputIds: ids,
      attentionMask: ids.map(() => 1),
      tokenTypeIds: typeIds,
      tokens: ids.map((id) => this.inner.id_to_token(id) ?? ''),
    };
  }

  private truncation(opts: EncodeOptions): { maxLength: number; strategy: TruncationStrategy } | null {
    if (opts.truncation === false) return null;
    const strategy = typeof opts.truncation === 'string' ? opts.truncation : undefined;
    if (opts.maxLength !== undefined) {
      if (!Number.isInteger(opts.maxLength) || opts.maxLength < 1) throw new Error(`maxLength must be a positive integer, got ${opts.maxLength}.`);
      return { maxLength: opts.maxLength, strategy: strategy ?? 'longest_first' };
    }
    if (this.defaultTruncation) return { ...this.defaultTruncation, strategy: strategy ?? this.defaultTruncation.strategy };
    return null;
  }

  private pad(enc: TextEncoding, length: number): TextEncoding {
    const n = length - enc.inputIds.length;
    if (n <= 0) return enc;
    const fill = <T>(v: T) => new Array<T>(n).fill(v);
    return {
      inputIds: [...enc.inputIds, ...fill(this.padId)],
      attentionMask: [...enc.attentionMask, ...fill(0)],
      tokenTypeIds: [...enc.tokenTypeIds, ...fill(this.padTypeId)],
      tokens: [...enc.tokens, ...fill(this.padToken)],
    };
  }
}
