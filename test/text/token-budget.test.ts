import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../electron/core/version';
import { tokenCounter } from '../../electron/core/backbones/text/token-budget';

const starter = (family: string) => join(packageRoot(), 'resources', 'backbones', `starter-${family}`);
// "the" is one token in both starters' vocabularies (WordPiece "the", byte-level BPE "the" then "Ġthe"),
// so n words make n tokens plus the special tokens: BERT adds [CLS] and [SEP], GPT-2 adds none.
const words = (n: number) => Array.from({ length: n }, () => 'the').join(' ');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('token counts of predicted texts', () => {
  it('BERT: counts [CLS] and [SEP]; a text over the run’s maximum is flagged truncated, one at it is not', async () => {
    const count = await tokenCounter(starter('bert'), 64);
    expect(count(words(62))).toEqual({ tokens: 64, maxTokens: 64, truncated: false });
    expect(count(words(63))).toEqual({ tokens: 65, maxTokens: 64, truncated: true });
    expect(count(words(300))).toEqual({ tokens: 302, maxTokens: 64, truncated: true });
  });

  it('GPT-2: no special tokens; the model’s own maximum (model_max_length 128) caps a larger run maxLength', async () => {
    const count = await tokenCounter(starter('gpt2'), 512);
    expect(count(words(128))).toEqual({ tokens: 128, maxTokens: 128, truncated: false });
    expect(count(words(129))).toEqual({ tokens: 129, maxTokens: 128, truncated: true });
  });

  it('the position table caps it too when tokenizer_config.json sets no maximum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-budget-'));
    made.push(dir);
    cpSync(starter('bert'), dir, { recursive: true });
    writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true }));
    const count = await tokenCounter(dir, 512);
    expect(count(words(200)).maxTokens).toBe(128); // max_position_embeddings
  });

  it('a folder that is not a text backbone is refused with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-budget-'));
    made.push(dir);
    cpSync(starter('bert'), dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'resnet' }));
    await expect(tokenCounter(dir, 128)).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/model_type "resnet" is not a text backbone/) });
  });
});
