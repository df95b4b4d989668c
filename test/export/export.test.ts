import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import * as tf from '../../electron/core/tf/tf';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { loadBackbone } from '../../electron/core/backbones/load';
import { seedImageDataset, tempDir } from '../training/helpers/fixture';
import { writeResnet18 } from './resnet-fixture';
import { appPixels, argmax, manualRun, maxAbsDiff, safetensorsHeader, tfjsExportLogits, torchCheck, torchSkipReason } from './helpers/exported';
import type { PlanItem } from '../../electron/core/training/data/types';
import type { StudioApi } from '../../shared/api/client';
import { clientFor } from '../helpers/client';

let core: Core;
let dir: string;
let runId: number;
let items: PlanItem[];
let appLogits: number[][];
const labels = ['stripes-h', 'stripes-v', 'checks'];

/** The one typed client over this file's core (opened per test). */
const call: StudioApi['call'] = (method, params) => clientFor(core).call(method, params);

/**
 * A finetune run made by hand (no training, so the test is fast and independent of the trainer): the last
 * ResNet stage perturbed and a seeded head, saved in the trainer's checkpoint format.
 */
beforeAll(async () => {
  dir = tempDir('studio-export-');
  core = openCore({ dataDir: dir, workers: { env: { STUDIO_BACKEND: 'wasm' } } });
  const ds = await seedImageDataset(core.ctx.db, dir, { perClass: 4 });
  items = ds.items.slice(0, 8);
  const bdir = await writeResnet18(join(dir, 'backbones', 'r18'));
  const added = await call('backbones.addLocal', { path: bdir, name: 'r18' });

  const { backbone } = await loadBackbone(bdir);
  const cut = backbone.info.numBlocks - 1;
  const tail = backbone.trainableVariables(cut);
  const tensors = new Map<string, tf.Tensor>();
  tail.forEach((v, i) => tensors.set(`tail.${i}`, tf.tidy(() => v.add(tf.randomNormal(v.shape, 0, 0.01, 'float32', 3 + i)))));
  tensors.set('head.fc.weight', tf.randomNormal([backbone.info.featureDim, labels.length], 0, 0.05, 'float32', 11));
  tensors.set('head.fc.bias', tf.tensor1d([0.1, -0.2, 0.05]));
  backbone.dispose();
  ({ runId, appLogits } = await manualRun(core, { dir: join(dir, 'runs', 'manual'), backboneId: added.id, mode: 'finetune', config: { mode: 'tail', cut }, tensors, labels, datasetId: ds.datasetId, snapshotId: ds.snapshotId, metrics: { valAccuracy: 0.5, testAccuracy: 0.5 }, items }));
}, 120_000);

afterAll(async () => {
  await core?.close();
});

const bdir = () => join(dir, 'backbones', 'r18');

describe('export', () => {
  it('tfjs: the folder loads with tf.loadLayersModel and gives the app’s logits within 1e-4', async () => {
    const out = join(dir, 'out-tfjs');
    const r = await call('export.run', { runId, format: 'tfjs', outDir: out });
    expect(r.files).toEqual(expect.arrayContaining(['model.json', 'group1-shard1of1.bin', 'README.md']));
    const x = await appPixels(bdir(), items);
    const got = await tfjsExportLogits(out, x);
    x.dispose();
    const diff = maxAbsDiff(got, appLogits);
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
    const { backbone } = await loadBackbone(bdir());
    const names = new Set(backbone.namedWeights().keys());
    backbone.dispose();
    const header = safetensorsHeader(join(out, 'model.safetensors'));
    expect(header['fc.weight']!.shape).toEqual([3, 512]);
    expect(header['layer1.0.bn1.num_batches_tracked']!.dtype).toBe('I64');
    for (const n of names) expect(header[n], n).toBeDefined();
  });

  it.skipIf(torchSkipReason !== null)(`safetensors loads strictly in PyTorch and gives the app’s classes and logits within 1e-4${torchSkipReason ? ` (skipped: ${torchSkipReason})` : ''}`, async () => {
    const out = join(dir, 'out-st');
    if (!existsSync(join(out, 'model.safetensors'))) await call('export.run', { runId, format: 'safetensors', outDir: out });
    const x = await appPixels(bdir(), items);
    const rep = await torchCheck(dir, out, x, appLogits);
    x.dispose();
    console.info(`PyTorch (strict load) vs the app: max |Δlogit| = ${rep.max_abs_diff.toExponential(2)}`);
    expect(rep.same_classes).toBe(true);
    expect(rep.max_abs_diff).toBeLessThan(1e-4);
    expect(rep.classes).toEqual(argmax(appLogits).map((i) => labels[i]));
  });

  it('onnx writes one model.onnx and its model card (numbers checked in test/onnx/export.test.ts)', async () => {
    const r = await call('export.run', { runId, format: 'onnx', outDir: join(dir, 'o') });
    expect(r.files).toEqual(['model.onnx', 'README.md']);
    expect(statSync(join(dir, 'o', 'model.onnx')).size).toBeGreaterThan(1000);
  });
});
