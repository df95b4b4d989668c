import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../../electron/core/backbones/tokenizers/load';
import { truncatedLengths } from '../../../electron/core/backbones/tokenizers/truncation';
import { npyRows, readNpy } from '../../helpers/npy';

const FIX = join(__dirname, '../../fixtures/parity');
const BERT = join(FIX, 'hf-bert');
const GPT2 = join(FIX, 'hf-gpt2');
const bertTexts = JSON.parse(readFileSync(join(BERT, 'texts.json'), 'utf8')) as {
  texts: string[];
  max_length: number;
  pair: [string, string];
  pair_max_length: number;
  tokens: string[][];
  pair_tokens: string[];
};
const gptTexts = JSON.parse(readFileSync(join(GPT2, 'texts.json'), 'utf8')) as { texts: string[]; input_ids: number[][] };
const rows = (dir: string, name: string) => npyRows(readNpy(join(dir, name)));

const tmp: string[] = [];
function copyWithout(src: string, drop: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tok-'));
  tmp.push(dir);
  cpSync(src, dir, { recursive: true });
  for (const f of drop) rmSync(join(dir, f));
  return dir;
}
afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('BERT WordPiece tokenizer', () => {
  for (const [label, dir] of [
    ['tokenizer.json', BERT],
    ['vocab.txt only', copyWithout(BERT, ['tokenizer.json'])],
  ] as const) {
    it(`matches the HF ids, masks, type ids and tokens (${label})`, async () => {
      const tok = await loadTokenizer(dir);
      const batch = tok.encodeBatch(bertTexts.texts, { maxLength: bertTexts.max_length });
      expect(batch.inputIds).toEqual(rows(BERT, 'input_ids.npy'));
      expect(batch.attentionMask).toEqual(rows(BERT, 'attention_mask.npy'));
      expect(batch.tokenTypeIds).toEqual(rows(BERT, 'token_type_ids.npy'));
      bertTexts.texts.forEach((t, i) => {
        expect(tok.encode(t, null, { maxLength: bertTexts.max_length }).tokens).toEqual(bertTexts.tokens[i]);
      });
    });

    it(`encodes the sentence pair with token types (${label})`, async () => {
      const tok = await loadTokenizer(dir);
      const enc = tok.encode(bertTexts.pair[0], bertTexts.pair[1], { maxLength: bertTexts.pair_max_length });
      expect([enc.inputIds]).toEqual(rows(BERT, 'pair_input_ids.npy'));
      expect([enc.attentionMask]).toEqual(rows(BERT, 'pair_attention_mask.npy'));
      expect([enc.tokenTypeIds]).toEqual(rows(BERT, 'pair_token_type_ids.npy'));
      expect(enc.tokens).toEqual(bertTexts.pair_tokens);
    });
  }

  it('truncates pairs longest-first within the special-token budget', async () => {
    const tok = await loadTokenizer(BERT);
    // a: 8 word tokens, b: 3; budget 10 - 3 specials = 7 → b kept whole (3), a gets 4.
    const enc = tok.encode('the cat the cat the cat the cat', 'on the mat', { maxLength: 10 });
    expect(enc.tokens).toEqual(['[CLS]', 'the', 'cat', 'the', 'cat', '[SEP]', 'on', 'the', 'mat', '[SEP]']);
    expect(enc.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const noPad = tok.encode('the cat', null, { maxLength: 10, padding: 'none' });
    expect(noPad.inputIds).toHaveLength(4);
  });

  it('pads a batch to its longest with padding "longest"', async () => {
    const tok = await loadTokenizer(BERT);
    const b = tok.encodeBatch(['the cat', 'the cat sat on the mat'], { padding: 'longest' });
    expect(b.inputIds.map((r) => r.length)).toEqual([8, 8]);
    expect(b.attentionMask[0]).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });
});

describe('truncatedLengths (tokenizers longest_first rules)', () => {
  it.each([
    [0, 8, 0, 7],
    [2, 8, 2, 5],
    [4, 4, 3, 4],
    [4, 8, 3, 4],
    [8, 2, 5, 2],
    [8, 4, 4, 3],
    [8, 8, 3, 4],
    [2, 4, 2, 4],
  ])('a=%i b=%i budget 7 → %i,%i', (a, b, ea, eb) => {
    expect(truncatedLengths(a, b, 7, 'longest_first')).toEqual([ea, eb]);
  });
  it('truncates a single text to the budget and supports only_first/only_second', () => {
    expect(truncatedLengths(20, null, 7, 'longest_first')).toEqual([7, 0]);
    expect(truncatedLengths(6, 4, 7, 'only_first')).toEqual([3, 4]);
    expect(truncatedLengths(6, 4, 7, 'only_second')).toEqual([6, 1]);
    expect(() => truncatedLengths(2, 9, 7, 'only_first')).toThrow(/too short/);
  });
});

describe('GPT-2 byte-level BPE tokenizer', () => {
  for (const [label, dir] of [
    ['tokenizer.json', GPT2],
    ['vocab.json + merges.txt', copyWithout(GPT2, ['tokenizer.json'])],
  ] as const) {
    it(`matches the HF ids for each text alone, no special tokens (${label})`, async () => {
      const tok = await loadTokenizer(dir);
      gptTexts.texts.forEach((t, i) => {
        const enc = tok.encode(t);
        expect(enc.inputIds).toEqual(gptTexts.input_ids[i]);
        expect(enc.attentionMask.every((m) => m === 1)).toBe(true);
        expect(enc.tokenTypeIds.every((m) => m === 0)).toBe(true);
      });
    });
  }

  it('right-pads a batch with eos (no pad token) and masks the padding', async () => {
    const tok = await loadTokenizer(GPT2);
    expect(tok.padId).toBe(0); // <|endoftext|>
    expect(tok.modelMaxLength).toBe(64);
    const b = tok.encodeBatch(gptTexts.texts, { padding: 'longest' });
    const longest = Math.max(...gptTexts.input_ids.map((r) => r.length));
    gptTexts.input_ids.forEach((ids, i) => {
      expect(b.inputIds[i].slice(0, ids.length)).toEqual(ids);
      expect(b.inputIds[i]).toHaveLength(longest);
      expect(b.attentionMask[i].reduce((s, m) => s + m, 0)).toBe(ids.length);
    });
  });
});

describe('tokenizer errors', () => {
  it('names what is missing or unsupported', async () => {
    const empty = copyWithout(GPT2, ['tokenizer.json', 'vocab.json', 'merges.txt']);
    await expect(loadTokenizer(empty)).rejects.toThrow(/No tokenizer in .*tokenizer.json, vocab.txt/);
    const odd = copyWithout(BERT, []);
    const json = JSON.parse(readFileSync(join(BERT, 'tokenizer.json'), 'utf8'));
    json.model.type = 'Unigram';
    writeFileSync(join(odd, 'tokenizer.json'), JSON.stringify(json));
    await expect(loadTokenizer(odd)).rejects.toThrow(/Unsupported tokenizer model type "Unigram"/);
    json.model.type = 'WordPiece';
    json.post_processor = { type: 'RobertaProcessing' };
    writeFileSync(join(odd, 'tokenizer.json'), JSON.stringify(json));
    await expect(loadTokenizer(odd)).rejects.toThrow(/post_processor type "RobertaProcessing"/);
  });
});
