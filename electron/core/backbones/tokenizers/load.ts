import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bertTokenizerJson, gpt2TokenizerJson, parseMerges, parseVocabTxt } from './synthesize';
import type { TextTokenizer } from './text-tokenizer';

async function readJson(path: string): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new Error(`Cannot read ${path}: ${(err as Error).message}`);
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** tokenizer_config.json stores special tokens as strings or as {content: ...} objects. */
const tokenName = (v: unknown): string | undefined =>
  str(v) ?? (typeof v === 'object' && v !== null ? str((v as { content?: unknown }).content) : undefined);

function normaliseConfig(cfg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...cfg };
  for (const key of ['pad_token', 'eos_token', 'bos_token', 'unk_token', 'cls_token', 'sep_token', 'mask_token']) {
    if (key in cfg) out[key] = tokenName(cfg[key]);
  }
  return out;
}

/**
 * Loads the tokenizer of a hub-layout folder: tokenizer.json (+ tokenizer_config.json) when
 * present, else BERT's vocab.txt, else GPT-2's vocab.json + merges.txt. Reads only local files.
 */
export async function loadTokenizer(dir: string): Promise<TextTokenizer> {
  // @huggingface/tokenizers is read here, not at the top: every studio command reaches this module through the core.
  const { TextTokenizer } = await import('./text-tokenizer');
  const cfgPath = join(dir, 'tokenizer_config.json');
  const config = normaliseConfig(existsSync(cfgPath) ? await readJson(cfgPath) : {});
  const tj = join(dir, 'tokenizer.json');
  if (existsSync(tj)) return new TextTokenizer(await readJson(tj), config);

  const vocabTxt = join(dir, 'vocab.txt');
  if (existsSync(vocabTxt)) {
    const vocab = parseVocabTxt(await readFile(vocabTxt, 'utf8'));
    const json = bertTokenizerJson(vocab, {
      doLowerCase: typeof config.do_lower_case === 'boolean' ? config.do_lower_case : true,
      stripAccents: typeof config.strip_accents === 'boolean' ? config.strip_accents : null,
      tokenizeChineseChars: typeof config.tokenize_chinese_chars === 'boolean' ? config.tokenize_chinese_chars : true,
      unkToken: str(config.unk_token),
      clsToken: str(config.cls_token),
      sepToken: str(config.sep_token),
      padToken: str(config.pad_token),
      maskToken: str(config.mask_token),
    });
    return new TextTokenizer(json, { pad_token: '[PAD]', ...stripUndefined(config) });
  }

  const vocabJson = join(dir, 'vocab.json');
  const mergesTxt = join(dir, 'merges.txt');
  if (existsSync(vocabJson) && existsSync(mergesTxt)) {
    const vocab = (await readJson(vocabJson)) as Record<string, number>;
    const merges = parseMerges(await readFile(mergesTxt, 'utf8'));
    const specials = ['<|endoftext|>', ...['bos_token', 'eos_token', 'unk_token', 'pad_token'].map((k) => str(config[k]) ?? '')];
    const json = gpt2TokenizerJson(vocab, merges, {
      addPrefixSpace: config.add_prefix_space === true,
      specialTokens: [...new Set(specials.filter((t) => t !== ''))],
    });
    return new TextTokenizer(json, { eos_token: '<|endoftext|>', ...stripUndefined(config) });
  }
  throw new Error(`No tokenizer in ${dir}: expected tokenizer.json, vocab.txt (BERT) or vocab.json + merges.txt (GPT-2).`);
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
