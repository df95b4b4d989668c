import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../electron/core/backbones/load';
import { loadTokenizer } from '../../electron/core/backbones/tokenizers/load';
import type { Backbone } from '../../electron/core/backbones/types';
import { attentionMaps, type AttentionMaps } from '../../electron/core/explain/attention';
import { attentionRollout } from '../../electron/core/explain/rollout';
import { maxAbsDiff, nchwToNhwc } from '../backbones/helpers';
import { readNpy, type NpyArray } from '../helpers/npy';
import { runTorchJobs, torchMissing, type TorchJob } from './torch-ref';

const FIX = join(__dirname, '..', 'fixtures', 'parity');
const missing = torchMissing();
const int32 = (rows: number[][]): NpyArray => ({ shape: [rows.length, rows[0]!.length], dtype: 'int32', data: Int32Array.from(rows.flat()) });

interface Case {
  ours: AttentionMaps;
  ref?: Record<string, NpyArray>;
  tensorsLeaked: number;
}
const cases = new Map<string, Case>();

function textCase(bb: Backbone, ids: NpyArray, mask: NpyArray, types: NpyArray | null): AttentionMaps {
  const [n, t] = ids.shape as [number, number];
  const x = {
    inputIds: tf.tensor2d(ids.data as Int32Array, [n, t], 'int32'),
    attentionMask: tf.tensor2d(mask.data as Int32Array, [n, t], 'int32'),
    ...(types ? { tokenTypeIds: tf.tensor2d(types.data as Int32Array, [n, t], 'int32') } : {}),
  };
  try {
    return attentionMaps(bb, x);
  } finally {
    tf.dispose(Object.values(x));
  }
}

const gpt2Fixture = JSON.parse(readFileSync(join(FIX, 'hf-gpt2', 'texts.json'), 'utf8')) as { input_ids: number[][] };

// Our maps for every case, then the torch reference for all of them in one Python process.
beforeAll(async () => {
  if (missing) return;
  await tf.setBackend('wasm');
  await tf.ready();
  const jobs: [string, TorchJob][] = [];
  const add = (name: string, dir: string, arrays: Record<string, NpyArray>, run: () => AttentionMaps, hidden = false) => {
    const before = tf.memory().numTensors;
    const ours = run();
    cases.set(name, { ours, tensorsLeaked: tf.memory().numTensors - before });
    const outs = ['out', ...(hidden ? ['hidden'] : []), ...(dir.endsWith('vit') ? ['rollout'] : [])];
    jobs.push([name, { args: { dir: join(FIX, dir) }, arrays, outs }]);
  };
  const loaded: Backbone[] = [];
  try {
    // BERT
    const bert = (await loadBackbone(join(FIX, 'hf-bert'))).backbone;
    loaded.push(bert);
    const b = (f: string) => readNpy(join(FIX, 'hf-bert', f));
    add('bert', 'hf-bert', { ids: b('input_ids.npy'), mask: b('attention_mask.npy'), types: b('token_type_ids.npy') },
      () => textCase(bert, b('input_ids.npy'), b('attention_mask.npy'), b('token_type_ids.npy')), true);
    add('bert-pair', 'hf-bert', { ids: b('pair_input_ids.npy'), mask: b('pair_attention_mask.npy'), types: b('pair_token_type_ids.npy') },
      () => textCase(bert, b('pair_input_ids.npy'), b('pair_attention_mask.npy'), b('pair_token_type_ids.npy')));
    const bt = await loadTokenizer(join(FIX, 'hf-bert'));
    const be = bt.encodeBatch(['she gave him the book', 'it', ['the dog barked', 'at the cat']], { padding: 'longest' });
    const bArr = { ids: int32(be.inputIds), mask: int32(be.attentionMask), types: int32(be.tokenTypeIds) };
    add('bert-new', 'hf-bert', bArr, () => textCase(bert, bArr.ids, bArr.mask, bArr.types));
    // GPT-2: the fixture's ids, right-padded into one batch
    const gpt2 = (await loadBackbone(join(FIX, 'hf-gpt2'))).backbone;
    loaded.push(gpt2);
    const T = Math.max(...gpt2Fixture.input_ids.map((r) => r.length));
    const gIds = int32(gpt2Fixture.input_ids.map((r) => [...r, ...Array<number>(T - r.length).fill(0)]));
    const gMask = int32(gpt2Fixture.input_ids.map((r) => [...r.map(() => 1), ...Array<number>(T - r.length).fill(0)]));
    add('gpt2', 'hf-gpt2', { ids: gIds, mask: gMask }, () => textCase(gpt2, gIds, gMask, null), true);
    const gt = await loadTokenizer(join(FIX, 'hf-gpt2'));
    const ge = gt.encodeBatch(['a cat', 'the mat was on the cat today'], { padding: 'longest' });
    const gArr = { ids: int32(ge.inputIds), mask: int32(ge.attentionMask) };
    add('gpt2-new', 'hf-gpt2', gArr, () => textCase(gpt2, gArr.ids, gArr.mask, null));
    // ViT, both namings: the fixture input and a batch of 3 other images
    const rnd: NpyArray = { shape: [3, 3, 32, 32], dtype: 'float32', data: Float32Array.from({ length: 3 * 3 * 32 * 32 }, (_, i) => Math.sin(i * 12.9898) * 1.7) };
    for (const name of ['timm-vit', 'hf-vit']) {
      const vit = (await loadBackbone(join(FIX, name))).backbone;
      loaded.push(vit);
      for (const [tag, pixels] of [['', readNpy(join(FIX, name, 'input.npy'))], ['-new', rnd]] as const) {
        add(name + tag, name, { pixels }, () => {
          const t = nchwToNhwc(pixels);
          try {
            return attentionMaps(vit, { pixels: t });
          } finally {
            t.dispose();
          }
        }, tag === '');
      }
    }
  } finally {
    loaded.forEach((b) => b.dispose());
  }
  const refs = runTorchJobs('attention_reference.py', jobs.map(([, j]) => j));
  jobs.forEach(([name], i) => (cases.get(name)!.ref = refs[i]));
}, 120_000);

afterAll(() => cases.clear());

function check(name: string, shape?: number[]) {
  const c = cases.get(name)!;
  expect(c.tensorsLeaked).toBe(0);
  expect(c.ours.shape).toEqual(c.ref!.out!.shape);
  if (shape) expect(c.ours.shape).toEqual(shape);
  const diff = maxAbsDiff(c.ours.data, c.ref!.out!.data);
  console.log(`${name} attention [${c.ours.shape.join(',')}] max abs diff ${diff.toExponential(2)}`);
  expect(diff).toBeLessThanOrEqual(1e-5);
  return c;
}

describe.skipIf(missing !== null)(`attention probabilities equal the torch reference to 1e-5${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('BERT: parity fixture ids (padding to 32, truncation, an empty text)', () => {
    const c = check('bert', [8, 2, 4, 32, 32]);
    // The reference itself reproduces the last_hidden_state transformers wrote into the fixture.
    expect(maxAbsDiff(c.ref!.hidden!.data, readNpy(join(FIX, 'hf-bert', 'last_hidden_state.npy')).data)).toBeLessThan(1e-5);
    // Padded key columns get nothing; padded query rows still attend to the real tokens (as transformers leaves them).
    const mask = readNpy(join(FIX, 'hf-bert', 'attention_mask.npy')).data;
    const firstPad = mask.indexOf(0);
    expect(firstPad).toBeGreaterThan(0);
    expect(c.ours.data[firstPad]).toBeLessThan(1e-30);
    const padRow = c.ours.data.subarray(firstPad * 32, firstPad * 32 + 32);
    expect(padRow.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
  });

  it('BERT: a sentence pair with token types 0/1', () => check('bert-pair', [1, 2, 4, 16, 16]));

  it('BERT: a shape the fixtures do not cover (3 texts, one a pair, padded to the longest)', () => {
    const c = check('bert-new');
    expect(c.ours.shape[0]).toBe(3);
    expect(c.ours.shape[3]).not.toBe(32);
  });

  it('GPT-2: the fixture texts batched with right padding (causal + padding masks)', () => {
    const c = check('gpt2');
    const T = c.ours.shape[3];
    // The reference's hidden state at each text's last real token is transformers' feature from the fixture.
    const feats = readNpy(join(FIX, 'hf-gpt2', 'features.npy')).data;
    gpt2Fixture.input_ids.forEach((r, i) => {
      const at = (i * T + r.length - 1) * 64;
      expect(maxAbsDiff(c.ref!.hidden!.data.subarray(at, at + 64), feats.subarray(i * 64, i * 64 + 64))).toBeLessThan(1e-5);
    });
    // Causal: token 0 attends only to itself.
    expect(c.ours.data[0]).toBeCloseTo(1, 6);
    expect(c.ours.data[1]).toBe(0);
  });

  it('GPT-2: a shape the fixtures do not cover (2 texts padded to the longest)', () => {
    expect(check('gpt2-new').ours.shape[0]).toBe(2);
  });

  it('ViT: timm and transformers naming on the fixture input (the reference matches timm features)', () => {
    const c = check('timm-vit', [2, 2, 4, 17, 17]);
    check('hf-vit', [2, 2, 4, 17, 17]);
    const h = c.ref!.hidden!.data;
    const cls = Float32Array.from([...h.subarray(0, 64), ...h.subarray(17 * 64, 18 * 64)]);
    expect(maxAbsDiff(cls, readNpy(join(FIX, 'timm-vit', 'features.npy')).data)).toBeLessThan(1e-5);
  });

  it('ViT: a batch of 3 other images', () => {
    check('timm-vit-new', [3, 2, 4, 17, 17]);
    check('hf-vit-new', [3, 2, 4, 17, 17]);
  });

  it('ViT attention rollout equals the reference rollout (of the reference attention) to 1e-5', () => {
    for (const name of ['timm-vit', 'timm-vit-new']) {
      const c = cases.get(name)!;
      const r = attentionRollout(c.ours);
      expect(r.shape).toEqual([c.ours.shape[0], 4, 4]);
      expect(c.ref!.rollout!.shape).toEqual(r.shape);
      const diff = maxAbsDiff(r.data, c.ref!.rollout!.data);
      console.log(`${name} rollout max abs diff ${diff.toExponential(2)}`);
      expect(diff).toBeLessThanOrEqual(1e-5);
      expect(Math.max(...r.data.subarray(0, 16))).toBeCloseTo(1, 6);
    }
  });
});

describe('attention maps: bad input', () => {
  it('a CNN has no attention: a specific error', () => {
    const fake = { info: { family: 'resnet', architecture: 'resnet18' } } as unknown as Backbone;
    const pixels = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
    expect(() => attentionMaps(fake, { pixels })).toThrow(/no attention layers: attention maps exist for BERT, GPT-2 and ViT/);
    pixels.dispose();
  });
});
