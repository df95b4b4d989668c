import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { encodeNpy } from '../../electron/core/backbones/npy';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { configureModelHost, modelHostFor } from '../../electron/core/predict/host';
import { runModelSpec } from '../../electron/core/predict/spec';
import { runsRepo } from '../../electron/core/store/repos/runs';
import { artifactsRepo } from '../../electron/core/store/repos/artifacts';
import { loadBackbone } from '../../electron/core/backbones/load';
import { saveCheckpoint } from '../../electron/core/training/engine/checkpoint';
import { imageEncoder, readImagePreprocessing } from '../../electron/core/training/data/image-encoder';
import { seedImageDataset, tempDir } from '../training/helpers/fixture';
import { writeVgg11 } from './resnet-fixture';
import type { PlanItem } from '../../electron/core/training/data/types';

const torchReason = (() => {
  if (!existsSync('/usr/bin/python3')) return '/usr/bin/python3 is not installed';
  const r = spawnSync('/usr/bin/python3', ['-c', 'import torch, torchvision, numpy'], { encoding: 'utf8' });
  return r.status === 0 ? null : `python3 has no torch/torchvision (${(r.stderr || '').trim().split('\n').pop()})`;
})();

let core: Core;
let dir: string;
let runId: number;
let items: PlanItem[];
let appLogits: number[][];
const labels = ['a', 'b', 'c'];

async function call<T>(method: string, params: unknown): Promise<T> {
  const out = await core.service.call(method, params, { transport: 'websocket' });
  if (!out.ok) throw new Error(`${method}: ${out.error.message}`);
  return out.result as T;
}

beforeAll(async () => {
  dir = tempDir('studio-export-vgg-');
  core = openCore({ dataDir: dir });
  configureModelHost(core.ctx, { env: { STUDIO_BACKEND: 'wasm' } });
  const ds = await seedImageDataset(core.ctx.db, dir, { perClass: 2 });
  items = ds.items;
  const bdir = await writeVgg11(join(dir, 'backbones', 'vgg'));
  const added = await call<{ id: string }>('backbones.addLocal', { path: bdir });
  const { backbone } = await loadBackbone(bdir);
  const tensors = new Map<string, tf.Tensor>([
    ['head.fc.weight', tf.randomNormal([backbone.info.featureDim, 3], 0, 0.3, 'float32', 2)],
    ['head.fc.bias', tf.tensor1d([0.05, 0, -0.05])],
  ]);
  backbone.dispose();
  const modelPath = join(dir, 'runs', 'vgg', 'model.ckpt');
  await saveCheckpoint(modelPath, { epoch: 1, step: 1, optimizerStep: 1, bestValLoss: 1, bestEpoch: 1, epochsWithoutImprovement: 0, config: { mode: 'probe', names: [] } }, tensors);
  tf.dispose([...tensors.values()]);
  const runs = runsRepo(core.ctx.db);
  runId = runs.create({ datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId: added.id, mode: 'probe', params: { labels } }).id;
  runs.setStatus(runId, 'completed');
  artifactsRepo(core.ctx.db).add({ runId, kind: 'model', path: modelPath, bytes: 0, sha256: null });
  const host = modelHostFor(core.ctx);
  appLogits = (await host.logits(runModelSpec(core.ctx, runId, host).spec, items, null)).logits;
}, 120_000);

afterAll(async () => {
  await core?.close();
});

describe('export of a VGG run', () => {
  it('tfjs: a standard-layers model (fc1/fc2 as convs after the 1×1 → 7×7 adaptive pool) gives the app’s logits within 1e-4', async () => {
    const out = join(dir, 'vgg-tfjs');
    await call('export.run', { runId, format: 'tfjs', outDir: out });
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
    const model = await tf.loadLayersModel({
      load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: new Uint8Array(readFileSync(join(out, json.weightsManifest[0]!.paths[0]!))).buffer }),
    });
    const enc = imageEncoder(readImagePreprocessing(join(dir, 'backbones', 'vgg')), 1);
    const { pixels } = (await enc.encode(items, 0)) as { pixels: tf.Tensor4D };
    const y = model.predict(pixels) as tf.Tensor2D;
    const got = y.arraySync();
    tf.dispose([pixels, y]);
    model.dispose();
    let diff = 0;
    got.forEach((row, i) => row.forEach((v, k) => (diff = Math.max(diff, Math.abs(v - appLogits[i]![k]!)))));
    console.info(`VGG tfjs export: max |Δlogit| vs the app = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);
    expect(got.map((r) => r.indexOf(Math.max(...r)))).toEqual(appLogits.map((r) => r.indexOf(Math.max(...r))));
  });

  it('safetensors: torchvision names kept (fc1 in its [hidden, 25088] shape), the head as classifier.6', async () => {
    const out = join(dir, 'vgg-st');
    await call('export.run', { runId, format: 'safetensors', outDir: out });
    const buf = readFileSync(join(out, 'model.safetensors'));
    const header = JSON.parse(buf.subarray(8, 8 + Number(buf.readBigUInt64LE(0))).toString()) as Record<string, { shape: number[] }>;
    expect(header['classifier.0.weight']!.shape).toEqual([16, 25088]);
    expect(header['classifier.6.weight']!.shape).toEqual([3, 16]);
    expect(header['classifier.6.bias']!.shape).toEqual([3]);
  });

  it.skipIf(torchReason !== null)(`safetensors loads strictly into torchvision's vgg11 (classifier at the checkpoint's width) with the app's logits${torchReason ? ` (skipped: ${torchReason})` : ''}`, async () => {
    const out = join(dir, 'vgg-st');
    const enc = imageEncoder(readImagePreprocessing(join(dir, 'backbones', 'vgg')), 1);
    const { pixels } = (await enc.encode(items, 0)) as { pixels: tf.Tensor4D };
    const nchw = tf.transpose(pixels, [0, 3, 1, 2]);
    writeFileSync(join(dir, 'vx.npy'), encodeNpy({ shape: nchw.shape, dtype: 'float32', data: (await nchw.data()) as Float32Array }));
    writeFileSync(join(dir, 'vl.npy'), encodeNpy({ shape: [appLogits.length, 3], dtype: 'float32', data: Float32Array.from(appLogits.flat()) }));
    tf.dispose([pixels, nchw]);
    const rep = JSON.parse(
      execFileSync('/usr/bin/python3', [join('scripts', 'export', 'check_torch_load.py'), '--export', out, '--pixels', join(dir, 'vx.npy'), '--logits', join(dir, 'vl.npy'), '--json'], { encoding: 'utf8' }),
    ) as { ok: boolean; max_abs_diff: number; same_classes: boolean };
    console.info(`VGG PyTorch (strict load) vs the app: max |Δlogit| = ${rep.max_abs_diff.toExponential(2)}`);
    expect(rep.same_classes).toBe(true);
    expect(rep.max_abs_diff).toBeLessThan(1e-4);
  });
});
