import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { configureModelHost, modelHostFor } from '../../electron/core/predict/host';
import { runModelSpec } from '../../electron/core/predict/spec';
import { runsRepo } from '../../electron/core/store/repos/runs';
import { artifactsRepo } from '../../electron/core/store/repos/artifacts';
import { loadBackbone } from '../../electron/core/backbones/load';
import { saveCheckpoint } from '../../electron/core/training/engine/checkpoint';
import { imageEncoder, readImagePreprocessing } from '../../electron/core/training/data/image-encoder';
import { encodeNpy } from '../../electron/core/backbones/npy';
import { seedImageDataset, tempDir } from '../training/helpers/fixture';
import { writeResnet18 } from './resnet-fixture';
import type { PlanItem } from '../../electron/core/training/data/types';
import type { ResultOf } from '../../shared/api/contract';

const python = '/usr/bin/python3';
const torchReason = (() => {
  if (!existsSync(python)) return `${python} is not installed`;
  const r = spawnSync(python, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  return r.status === 0 ? null : `python3 has no torch/numpy (${(r.stderr || '').trim().split('\n').pop()})`;
})();

let core: Core;
let dir: string;
let runId: number;
let items: PlanItem[];
let appLogits: number[][];
const labels = ['stripes-h', 'stripes-v', 'checks'];

async function call<T>(method: string, params: unknown): Promise<T> {
  const out = await core.service.call(method, params, { transport: 'websocket' });
  if (!out.ok) throw new Error(`${method}: ${out.error.message}`);
  return out.result as T;
}

/**
 * A finetune run made by hand (no training, so the test is fast and independent of the trainer): the last
 * ResNet stage perturbed and a seeded head, saved in the trainer's checkpoint format.
 */
beforeAll(async () => {
  dir = tempDir('studio-export-');
  core = openCore({ dataDir: dir });
  configureModelHost(core.ctx, { env: { STUDIO_BACKEND: 'wasm' } });
  const ds = await seedImageDataset(core.ctx.db, dir, { perClass: 4 });
  items = ds.items.slice(0, 8);
  const bdir = await writeResnet18(join(dir, 'backbones', 'r18'));
  const added = await call<{ id: string }>('backbones.addLocal', { path: bdir, name: 'r18' });

  const { backbone } = await loadBackbone(bdir);
  const cut = backbone.info.numBlocks - 1;
  const tail = backbone.trainableVariables(cut);
  const tensors = new Map<string, tf.Tensor>();
  tail.forEach((v, i) => tensors.set(`tail.${i}`, tf.tidy(() => v.add(tf.randomNormal(v.shape, 0, 0.01, 'float32', 3 + i)))));
  tensors.set('head.fc.weight', tf.randomNormal([backbone.info.featureDim, labels.length], 0, 0.05, 'float32', 11));
  tensors.set('head.fc.bias', tf.tensor1d([0.1, -0.2, 0.05]));
  const modelPath = join(dir, 'runs', 'manual', 'model.ckpt');
  await saveCheckpoint(modelPath, { epoch: 1, step: 1, optimizerStep: 1, bestValLoss: 1, bestEpoch: 1, epochsWithoutImprovement: 0, config: { mode: 'tail', cut, names: [] } }, tensors);
  tf.dispose([...tensors.values()]);
  backbone.dispose();

  const runs = runsRepo(core.ctx.db);
  const run = runs.create({ datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId: added.id, mode: 'finetune', params: { labels, options: { epochs: 1 } } });
  runs.setStatus(run.id, 'completed', { backend: 'wasm' });
  runs.setMetrics(run.id, { valAccuracy: 0.5, testAccuracy: 0.5 });
  artifactsRepo(core.ctx.db).add({ runId: run.id, kind: 'model', path: modelPath, bytes: 0, sha256: null });
  runId = run.id;
  const host = modelHostFor(core.ctx);
  appLogits = (await host.logits(runModelSpec(core.ctx, runId, host).spec, items, null)).logits;
}, 120_000);

afterAll(async () => {
  await core?.close();
});

/** The pixels the app feeds the model (view 0: no augmentation), NHWC. */
async function appPixels(): Promise<tf.Tensor4D> {
  const enc = imageEncoder(readImagePreprocessing(join(dir, 'backbones', 'r18')), 1);
  const input = (await enc.encode(items, 0)) as { pixels: tf.Tensor4D };
  return input.pixels;
}

const argmax = (rows: number[][]) => rows.map((r) => r.indexOf(Math.max(...r)));

describe('export', () => {
  it('tfjs: the folder loads with tf.loadLayersModel and gives the app’s logits within 1e-4', async () => {
    const out = join(dir, 'out-tfjs');
    const r = await call<ResultOf<'export.run'>>('export.run', { runId, format: 'tfjs', outDir: out });
    expect(r.files).toEqual(expect.arrayContaining(['model.json', 'group1-shard1of1.bin', 'README.md']));
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
    // Exactly what tf.loadLayersModel('file://…/model.json') reads: topology + manifest + the shard.
    const model = await tf.loadLayersModel({
      load: async () => ({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]!.weights,
        weightData: new Uint8Array(readFileSync(join(out, json.weightsManifest[0]!.paths[0]!))).buffer,
      }),
    });
    const x = await appPixels();
    const y = model.predict(x) as tf.Tensor2D;
    const got = y.arraySync();
    tf.dispose([x, y]);
    model.dispose();
    let diff = 0;
    got.forEach((row, i) => row.forEach((v, k) => (diff = Math.max(diff, Math.abs(v - appLogits[i]![k]!)))));
    console.info(`tfjs export: max |Δlogit| vs the app = ${diff.toExponential(2)} over ${got.length} images`);
    expect(diff).toBeLessThan(1e-4);
    expect(argmax(got)).toEqual(argmax(appLogits));
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/stripes-h[\s\S]*Preprocessing[\s\S]*0\.485/);
  });

  it('safetensors: hub naming + `fc` resized to the labels, config.json naming labels and preprocessing', async () => {
    const out = join(dir, 'out-st');
    await call('export.run', { runId, format: 'safetensors', outDir: out });
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(cfg.label_names).toEqual(labels);
    expect(cfg.num_classes).toBe(3);
    expect((cfg.preprocessing as { mean: number[] }).mean).toEqual([0.485, 0.456, 0.406]);
    const { backbone } = await loadBackbone(join(dir, 'backbones', 'r18'));
    const names = new Set(backbone.namedWeights().keys());
    backbone.dispose();
    const header = JSON.parse(readFileSync(join(out, 'model.safetensors')).subarray(8, 8 + Number(readFileSync(join(out, 'model.safetensors')).readBigUInt64LE(0))).toString()) as Record<string, { shape: number[]; dtype: string }>;
    expect(header['fc.weight']!.shape).toEqual([3, 512]);
    expect(header['layer1.0.bn1.num_batches_tracked']!.dtype).toBe('I64');
    for (const n of names) expect(header[n], n).toBeDefined();
  });

  it.skipIf(torchReason !== null)(`safetensors loads strictly in PyTorch and gives the app’s classes and logits within 1e-4${torchReason ? ` (skipped: ${torchReason})` : ''}`, async () => {
    const out = join(dir, 'out-st');
    if (!existsSync(join(out, 'model.safetensors'))) await call('export.run', { runId, format: 'safetensors', outDir: out });
    const x = await appPixels();
    const nchw = tf.transpose(x, [0, 3, 1, 2]);
    writeFileSync(join(dir, 'x.npy'), encodeNpy({ shape: nchw.shape, dtype: 'float32', data: (await nchw.data()) as Float32Array }));
    writeFileSync(join(dir, 'l.npy'), encodeNpy({ shape: [appLogits.length, labels.length], dtype: 'float32', data: Float32Array.from(appLogits.flat()) }));
    tf.dispose([x, nchw]);
    const stdout = execFileSync(python, [join('scripts', 'export', 'check_torch_load.py'), '--export', out, '--pixels', join(dir, 'x.npy'), '--logits', join(dir, 'l.npy'), '--json'], { encoding: 'utf8' });
    const rep = JSON.parse(stdout) as { ok: boolean; max_abs_diff: number; same_classes: boolean; classes: string[] };
    console.info(`PyTorch (strict load) vs the app: max |Δlogit| = ${rep.max_abs_diff.toExponential(2)}`);
    expect(rep.same_classes).toBe(true);
    expect(rep.max_abs_diff).toBeLessThan(1e-4);
    expect(rep.classes).toEqual(argmax(appLogits).map((i) => labels[i]));
  });

  it('onnx is refused with a clear reason', async () => {
    await expect(call('export.run', { runId, format: 'onnx', outDir: join(dir, 'o') })).rejects.toThrow(/ONNX export is not supported yet/);
  });
});
