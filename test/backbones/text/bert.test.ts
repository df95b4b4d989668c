import * as tf from '../../../electron/core/tf/tf';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../../electron/core/backbones/load';
import type { Backbone } from '../../../electron/core/backbones/types';
import { loadTokenizer } from '../../../electron/core/backbones/tokenizers/load';
import type { TextTokenizer } from '../../../electron/core/backbones/tokenizers/text-tokenizer';
import { readNpy } from '../../helpers/npy';
import { FIXTURES, maxAbsDiff, renamedCopy, useWasm } from './helpers';

const DIR = join(FIXTURES, 'hf-bert');
const fixture = JSON.parse(readFileSync(join(DIR, 'texts.json'), 'utf8')) as {
  texts: string[];
  max_length: number;
  pair: [string, string];
  pair_max_length: number;
};
const pooler = readNpy(join(DIR, 'pooler.npy'));
const pairPooler = readNpy(join(DIR, 'pair_pooler.npy'));

let bert: Backbone;
let tok: TextTokenizer;
const cleanup: string[] = [];
const load = async (dir: string) => (await loadBackbone(dir)).backbone;

function inputs(texts: (string | [string, string])[], maxLength: number) {
  const b = tok.encodeBatch(texts, { maxLength });
  return {
    inputIds: tf.tensor2d(b.inputIds, undefined, 'int32'),
    attentionMask: tf.tensor2d(b.attentionMask, undefined, 'int32'),
    tokenTypeIds: tf.tensor2d(b.tokenTypeIds, undefined, 'int32'),
  };
}

function disposeAll(o: Record<string, tf.Tensor>) {
  Object.values(o).forEach((t) => t.dispose());
}

beforeAll(async () => {
  await useWasm();
  bert = await load(DIR);
  tok = await loadTokenizer(DIR);
});
afterAll(() => {
  bert?.dispose();
  cleanup.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('BERT backbone parity with transformers BertModel', () => {
  it('describes itself', () => {
    expect(bert.info).toMatchObject({ family: 'bert', modality: 'text', featureDim: 64, numBlocks: 2 });
  });

  it('pooler output matches pooler.npy within 1e-4 (8 texts, max_length 32)', () => {
    const x = inputs(fixture.texts, fixture.max_length);
    const f = bert.features(x);
    expect(f.shape).toEqual([8, 64]);
    const diff = maxAbsDiff(f.dataSync(), pooler.data);
    console.log(`BERT pooler max abs diff ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(1e-4);
    f.dispose();
    disposeAll(x);
  });

  it('sentence pair (token types 0/1) matches pair_pooler.npy within 1e-4', () => {
    const x = inputs([fixture.pair], fixture.pair_max_length);
    const f = bert.features(x);
    const diff = maxAbsDiff(f.dataSync(), pairPooler.data);
    console.log(`BERT pair pooler max abs diff ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(1e-4);
    f.dispose();
    disposeAll(x);
  });

  it('tail(trunk(x, cut), cut) equals features for every cut, without leaking tensors', () => {
    const x = inputs(fixture.texts.slice(0, 3), fixture.max_length);
    const ref = bert.features(x);
    const before = tf.memory().numTensors;
    for (let cut = 0; cut <= bert.info.numBlocks; cut++) {
      const act = bert.trunk(x, cut);
      expect(act.x.shape).toEqual(cut === 0 ? [3, 32, 2] : [3, 32, 64]);
      const f = bert.tail(act, cut);
      expect(maxAbsDiff(f.dataSync(), ref.dataSync())).toBeLessThan(1e-6);
      f.dispose();
      act.x.dispose();
      act.attentionMask?.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    ref.dispose();
    disposeAll(x);
  });

  it('trains embeddings only at cut 0, the pooler at any cut < numBlocks, nothing at the probe cut', () => {
    const names = (vars: tf.Variable[]) => new Set(vars.map((v) => v.id));
    const all = bert.trainableVariables(0);
    const last = bert.trainableVariables(1);
    expect(bert.trainableVariables(2)).toEqual([]);
    // 5 embedding vars + 2 layers × 16 + pooler 2
    expect(all).toHaveLength(5 + 32 + 2);
    expect(last).toHaveLength(16 + 2);
    const allIds = names(all);
    last.forEach((v) => expect(allIds.has(v.id)).toBe(true));
  });

  it('gives gradients for the tail variables through the tail (training mode, dropout on)', () => {
    const x = inputs(fixture.texts.slice(0, 2), 16);
    const act = bert.trunk(x, 1);
    const vars = bert.trainableVariables(1);
    const { grads, value } = tf.variableGrads(() => tf.mean(tf.square(bert.tail(act, 1, { training: true }))) as tf.Scalar, vars);
    expect(Object.keys(grads)).toHaveLength(vars.length);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    tf.dispose([value, ...Object.values(grads), act.x, act.attentionMask as tf.Tensor]);
    disposeAll(x);
  });

  it('namedWeights round-trips every checkpoint tensor in PyTorch layout', async () => {
    const { readSafetensors } = await import('../../../electron/core/backbones/safetensors');
    const { tensors } = await readSafetensors(join(DIR, 'model.safetensors'));
    const named = bert.namedWeights();
    expect([...named.keys()].sort()).toEqual([...tensors.keys()].sort());
    for (const [name, t] of tensors) {
      const mine = named.get(name) as tf.Tensor;
      expect(mine.shape).toEqual(t.shape);
      expect(maxAbsDiff(mine.dataSync(), t.data)).toBe(0);
    }
    named.forEach((t) => t.dispose());
  });
});

describe('BERT checkpoint naming variants', () => {
  it('accepts the bert. prefix, LayerNorm.gamma/beta and the pre-training heads, with identical features', async () => {
    const dir = await renamedCopy(
      DIR,
      (n) => 'bert.' + n.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma').replace(/LayerNorm\.bias$/, 'LayerNorm.beta'),
      {
        'cls.predictions.bias': { shape: [171], data: new Float32Array(171) },
        'cls.seq_relationship.weight': { shape: [2, 64], data: new Float32Array(128) },
        'bert.embeddings.position_ids': { shape: [1, 64], data: Int32Array.from({ length: 64 }, (_, i) => i) },
      },
    );
    cleanup.push(dir);
    const variant = await load(dir);
    const x = inputs(fixture.texts, fixture.max_length);
    const f = variant.features(x);
    expect(maxAbsDiff(f.dataSync(), pooler.data)).toBeLessThanOrEqual(1e-4);
    const names = [...variant.namedWeights().keys()];
    expect(names).toContain('bert.embeddings.LayerNorm.gamma');
    expect(names).toContain('bert.encoder.layer.1.output.LayerNorm.beta');
    f.dispose();
    disposeAll(x);
    variant.dispose();
  });

  it('refuses unknown tensors, a missing pooler and a wrong config with specific errors', async () => {
    const extra = await renamedCopy(DIR, (n) => n, { 'encoder.layer.2.attention.self.query.weight': { shape: [64, 64], data: new Float32Array(4096) } });
    cleanup.push(extra);
    await expect(load(extra)).rejects.toThrow(/encoder\.layer\.2\.attention\.self\.query\.weight/);
    const noPooler = await renamedCopy(DIR, (n) => (n.startsWith('pooler.') ? null : n));
    cleanup.push(noPooler);
    await expect(load(noPooler)).rejects.toThrow(/no pooler/);
    const gptAsBert = await renamedCopy(join(FIXTURES, 'hf-gpt2'), (n) => n);
    cleanup.push(gptAsBert);
    writeFileSync(join(gptAsBert, 'config.json'), JSON.stringify({ model_type: 'bert', vocab_size: 400, hidden_size: 64, num_attention_heads: 4 }));
    await expect(load(gptAsBert)).rejects.toThrow(/not a BERT checkpoint/);
    writeFileSync(join(gptAsBert, 'config.json'), JSON.stringify({ model_type: 'bert', hidden_size: 64 }));
    await expect(load(gptAsBert)).rejects.toThrow(/"vocab_size" must be a positive integer/);
    const noTokenizer = await renamedCopy(DIR, (n) => n);
    cleanup.push(noTokenizer);
    ['tokenizer.json', 'vocab.txt'].forEach((f) => rmSync(join(noTokenizer, f)));
    await expect(load(noTokenizer)).rejects.toThrow(/No tokenizer in/);
  });

  it('is registered: loadBackbone returns the hf-bert loader with its tokenizer as preprocessing', async () => {
    const loaded = await loadBackbone(DIR);
    expect(loaded.loader).toBe('hf-bert');
    expect(loaded.preprocessing.kind).toBe('text');
    if (loaded.preprocessing.kind === 'text') {
      expect(loaded.preprocessing.maxLength).toBe(64);
      expect(loaded.preprocessing.tokenizer.encode('the cat').tokens).toEqual(['[CLS]', 'the', 'cat', '[SEP]']);
    }
    loaded.backbone.dispose();
  });
});
