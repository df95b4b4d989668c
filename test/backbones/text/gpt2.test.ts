import * as tf from '../../../electron/core/tf/tf';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../../electron/core/backbones/load';
import type { Backbone } from '../../../electron/core/backbones/types';
import { loadTokenizer } from '../../../electron/core/backbones/tokenizers/load';
import type { TextTokenizer } from '../../../electron/core/backbones/tokenizers/text-tokenizer';
import { readNpy } from '../../helpers/npy';
import { FIXTURES, maxAbsDiff, renamedCopy, useWasm } from './helpers';

const DIR = join(FIXTURES, 'hf-gpt2');
const fixture = JSON.parse(readFileSync(join(DIR, 'texts.json'), 'utf8')) as { texts: string[]; input_ids: number[][] };
const features = readNpy(join(DIR, 'features.npy'));
const refRow = (i: number) => features.data.subarray(i * 64, (i + 1) * 64);

let gpt2: Backbone;
let tok: TextTokenizer;
const cleanup: string[] = [];
const load = async (dir: string) => (await loadBackbone(dir)).backbone;

function batch(texts: string[]) {
  const b = tok.encodeBatch(texts, { padding: 'longest' });
  return {
    inputIds: tf.tensor2d(b.inputIds, undefined, 'int32'),
    attentionMask: tf.tensor2d(b.attentionMask, undefined, 'int32'),
  };
}
const disposeAll = (o: Record<string, tf.Tensor>) => Object.values(o).forEach((t) => t.dispose());

beforeAll(async () => {
  await useWasm();
  gpt2 = await load(DIR);
  tok = await loadTokenizer(DIR);
});
afterAll(() => {
  gpt2?.dispose();
  cleanup.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('GPT-2 backbone parity with transformers GPT2Model', () => {
  it('features of each text alone match features.npy within 1e-4', () => {
    let worst = 0;
    fixture.texts.forEach((text, i) => {
      const x = batch([text]);
      expect(x.inputIds.shape[1]).toBe(fixture.input_ids[i].length);
      const f = gpt2.features(x);
      worst = Math.max(worst, maxAbsDiff(f.dataSync(), refRow(i)));
      f.dispose();
      disposeAll(x);
    });
    console.log(`GPT-2 features (alone) max abs diff ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it('batched with right padding and the mask, the last real token gives the same features', () => {
    const x = batch(fixture.texts);
    expect(x.inputIds.shape).toEqual([8, 37]);
    const f = gpt2.features(x);
    const diff = maxAbsDiff(f.dataSync(), features.data);
    console.log(`GPT-2 features (batched, right-padded) max abs diff ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(1e-4);
    f.dispose();
    disposeAll(x);
  });

  it('tail(trunk(x, cut), cut) equals features for every cut, without leaking tensors', () => {
    const x = batch(fixture.texts.slice(0, 4));
    const ref = gpt2.features(x);
    const before = tf.memory().numTensors;
    for (let cut = 0; cut <= gpt2.info.numBlocks; cut++) {
      const act = gpt2.trunk(x, cut);
      const f = gpt2.tail(act, cut);
      expect(maxAbsDiff(f.dataSync(), ref.dataSync())).toBeLessThan(1e-6);
      tf.dispose([f, act.x, act.attentionMask as tf.Tensor]);
    }
    expect(tf.memory().numTensors).toBe(before);
    ref.dispose();
    disposeAll(x);
  });

  it('trainable variables by cut: wte/wpe only at 0, ln_f whenever any block trains', () => {
    expect(gpt2.trainableVariables(0)).toHaveLength(2 + 2 * 12 + 2);
    expect(gpt2.trainableVariables(1)).toHaveLength(12 + 2);
    expect(gpt2.trainableVariables(2)).toEqual([]);
  });

  it('namedWeights gives back every tensor with its Conv1D [in, out] layout', () => {
    const named = gpt2.namedWeights();
    expect(named.get('h.0.attn.c_attn.weight')?.shape).toEqual([64, 192]);
    expect(named.get('h.1.mlp.c_proj.weight')?.shape).toEqual([256, 64]);
    expect(named.size).toBe(4 + 2 * 12);
    named.forEach((t) => t.dispose());
  });
});

describe('GPT-2 checkpoint naming variants', () => {
  it('accepts the transformer. prefix, the attn.bias buffers and lm_head', async () => {
    const dir = await renamedCopy(DIR, (n) => 'transformer.' + n, {
      'transformer.h.0.attn.bias': { shape: [1, 1, 64, 64], data: new Float32Array(64 * 64) },
      'transformer.h.1.attn.masked_bias': { shape: [], data: new Float32Array([-1e4]) },
      'lm_head.weight': { shape: [400, 64], data: new Float32Array(400 * 64) },
    });
    cleanup.push(dir);
    const variant = await load(dir);
    const x = batch(fixture.texts);
    const f = variant.features(x);
    expect(maxAbsDiff(f.dataSync(), features.data)).toBeLessThanOrEqual(1e-4);
    f.dispose();
    disposeAll(x);
    variant.dispose();
  });

  it('rejects pixels and over-long inputs with specific errors', () => {
    const pixels = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
    expect(() => gpt2.features({ pixels })).toThrow(/token ids, not pixels/);
    const long = { inputIds: tf.zeros([1, 65], 'int32') as tf.Tensor2D, attentionMask: tf.ones([1, 65]) as tf.Tensor2D };
    expect(() => gpt2.features(long)).toThrow(/exceeds the model's 64 positions/);
    tf.dispose([pixels, long.inputIds, long.attentionMask]);
  });
});
