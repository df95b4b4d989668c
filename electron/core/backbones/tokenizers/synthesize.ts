/**
 * Builds a tokenizer.json document (the tokenizers library format) from the older files a
 * checkpoint may carry instead: BERT's vocab.txt, GPT-2's vocab.json + merges.txt. The result
 * is what transformers' slow→fast converter produces for BertTokenizer / GPT2Tokenizer, so
 * one code path encodes both.
 */
export type TokenizerJson = Record<string, unknown> & { added_tokens: unknown[] };

export interface BertVocabOptions {
  doLowerCase?: boolean;
  /** null: follow doLowerCase (BertTokenizer's default). */
  stripAccents?: boolean | null;
  tokenizeChineseChars?: boolean;
  unkToken?: string;
  clsToken?: string;
  sepToken?: string;
  padToken?: string;
  maskToken?: string;
}

function addedToken(id: number, content: string) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

export function parseVocabTxt(text: string): Record<string, number> {
  const vocab: Record<string, number> = {};
  // One token per line, id = line number; a trailing newline is not a token.
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((tok, i) => {
    if (!(tok in vocab)) vocab[tok] = i;
  });
  return vocab;
}

export function bertTokenizerJson(vocab: Record<string, number>, opts: BertVocabOptions = {}): TokenizerJson {
  const unk = opts.unkToken ?? '[UNK]';
  const cls = opts.clsToken ?? '[CLS]';
  const sep = opts.sepToken ?? '[SEP]';
  const pad = opts.padToken ?? '[PAD]';
  const mask = opts.maskToken ?? '[MASK]';
  for (const t of [unk, cls, sep]) {
    if (!(t in vocab)) throw new Error(`vocab.txt has no ${t} token, which BERT's tokenizer needs.`);
  }
  const specials = [pad, unk, cls, sep, mask].filter((t) => t in vocab);
  const special = (t: string) => ({ id: t, ids: [vocab[t]], tokens: [t] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((t) => addedToken(vocab[t], t)),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: opts.tokenizeChineseChars ?? true,
      strip_accents: opts.stripAccents ?? null,
      lowercase: opts.doLowerCase ?? true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } }],
      pair: [
        { SpecialToken: { id: cls, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: sep, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: sep, type_id: 1 } },
      ],
      special_tokens: { [cls]: special(cls), [sep]: special(sep) },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: unk, continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

export function parseMerges(text: string): [string, string][] {
  const merges: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#version') || line.trim() === '') continue;
    const parts = line.split(' ');
    if (parts.length !== 2) throw new Error(`merges.txt: bad line "${line}" (expected two symbols separated by one space).`);
    merges.push([parts[0], parts[1]]);
  }
  return merges;
}

export function gpt2TokenizerJson(
  vocab: Record<string, number>,
  merges: [string, string][],
  opts: { addPrefixSpace?: boolean; specialTokens?: string[] } = {},
): TokenizerJson {
  const specials = (opts.specialTokens ?? ['<|endoftext|>']).filter((t) => t in vocab);
  const byteLevel = { type: 'ByteLevel', add_prefix_space: opts.addPrefixSpace ?? false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((t) => addedToken(vocab[t], t)),
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: { ...byteLevel, trim_offsets: false },
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
}
