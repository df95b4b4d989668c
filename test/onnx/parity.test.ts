import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../electron/core/backbones/load';
import { floatFeed, int64Feed } from '../../electron/core/onnx/run';
import { readNpy } from '../helpers/npy';
import { maxAbsDiff, PARITY, run, sessionFor } from './helpers';
import type * as Ort from 'onnxruntime-node';

// The same PyTorch references the tfjs parity tests use (../shared/parity, copied into test/fixtures),
// run through graphs built from the checkpoints and executed by ONNX Runtime.
const sessions: Ort.InferenceSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.release();
});
async function open(dir: string) {
  const r = await sessionFor(dir);
  sessions.push(r.session);
  return r;
}

describe('ONNX graphs in ONNX Runtime equal the PyTorch references (≤ 1e-4)', () => {
  for (const name of ['timm-vit', 'hf-vit']) {
    it(`${name}: features = CLS after the final LayerNorm, dynamic batch`, async () => {
      const dir = join(PARITY, name);
      const { session, choice } = await open(dir);
      expect(choice.ep).toBe('cpu');
      const x = readNpy(join(dir, 'input.npy'));
      const ref = readNpy(join(dir, 'features.npy'));
      const f = await run(session, { pixel_values: floatFeed(x.data as Float32Array, x.shape) });
      expect(f.shape).toEqual(ref.shape);
      expect(maxAbsDiff(f.data, ref.data)).toBeLessThanOrEqual(1e-4);
      // Batch of one: the graph's batch dimension is free.
      const one = await run(session, { pixel_values: floatFeed((x.data as Float32Array).slice(0, 3 * 32 * 32), [1, 3, 32, 32]) });
      expect(maxAbsDiff(one.data, (ref.data as Float32Array).slice(0, 64))).toBeLessThanOrEqual(1e-4);
    });
  }

  it('hf-bert: pooler output for 8 padded texts (length 32) and a sentence pair (length 16)', async () => {
    const dir = join(PARITY, 'hf-bert');
    const { session } = await open(dir);
    for (const [pre, ref] of [['', 'pooler'], ['pair_', 'pair_pooler']] as const) {
      const ids = readNpy(join(dir, `${pre}input_ids.npy`));
      const feeds = {
        input_ids: int64Feed(ids.data, ids.shape),
        attention_mask: int64Feed(readNpy(join(dir, `${pre}attention_mask.npy`)).data, ids.shape),
        token_type_ids: int64Feed(readNpy(join(dir, `${pre}token_type_ids.npy`)).data, ids.shape),
      };
      const f = await run(session, feeds);
      const want = readNpy(join(dir, `${ref}.npy`));
      expect(f.shape).toEqual(want.shape);
      expect(maxAbsDiff(f.data, want.data)).toBeLessThanOrEqual(1e-4);
    }
  });

  it('hf-gpt2: ln_f state at the last real token, each text alone and all 8 right-padded in one batch', async () => {
    const dir = join(PARITY, 'hf-gpt2');
    const { session } = await open(dir);
    const fx = JSON.parse(readFileSync(join(dir, 'texts.json'), 'utf8')) as { input_ids: number[][] };
    const ref = readNpy(join(dir, 'features.npy'));
    const T = Math.max(...fx.input_ids.map((r) => r.length));
    const ids = new Array<number>(fx.input_ids.length * T).fill(0);
    const mask = new Array<number>(ids.length).fill(0);
    fx.input_ids.forEach((row, i) => row.forEach((id, j) => ((ids[i * T + j] = id), (mask[i * T + j] = 1))));
    const shape = [fx.input_ids.length, T];
    const f = await run(session, { input_ids: int64Feed(ids, shape), attention_mask: int64Feed(mask, shape) });
    expect(f.shape).toEqual(ref.shape);
    expect(maxAbsDiff(f.data, ref.data)).toBeLessThanOrEqual(1e-4);
    const alone = await run(session, { input_ids: int64Feed(fx.input_ids[1]!, [1, fx.input_ids[1]!.length]), attention_mask: int64Feed(fx.input_ids[1]!.map(() => 1), [1, fx.input_ids[1]!.length]) });
    expect(maxAbsDiff(alone.data, (ref.data as Float32Array).subarray(64, 128))).toBeLessThanOrEqual(1e-4);
  });

  it('hf-bert trunk at a cut equals Backbone.trunk: hidden states [B, T, H] for the feature cache', async () => {
    await tf.setBackend('wasm');
    const dir = join(PARITY, 'hf-bert');
    const { backbone } = await loadBackbone(dir);
    try {
      const ids = readNpy(join(dir, 'input_ids.npy'));
      const mask = readNpy(join(dir, 'attention_mask.npy'));
      const types = readNpy(join(dir, 'token_type_ids.npy'));
      const { session, graph } = await sessionFor(dir, { cut: 1 });
      sessions.push(session);
      expect(graph.numBlocks).toBe(backbone.info.numBlocks);
      const got = await run(session, { input_ids: int64Feed(ids.data, ids.shape), attention_mask: int64Feed(mask.data, ids.shape), token_type_ids: int64Feed(types.data, ids.shape) }, 'trunk');
      const t = (a: typeof ids) => tf.tensor2d(Int32Array.from(a.data), a.shape as [number, number], 'int32');
      const input = { inputIds: t(ids), attentionMask: t(mask), tokenTypeIds: t(types) };
      const act = backbone.trunk(input, 1);
      expect(got.shape).toEqual(act.x.shape);
      expect(maxAbsDiff(got.data, act.x.dataSync())).toBeLessThanOrEqual(1e-4);
      tf.dispose([act.x, act.attentionMask!, ...Object.values(input)]);
    } finally {
      backbone.dispose();
    }
  });
});
