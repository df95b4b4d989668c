import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import * as tf from '../../electron/core/tf/tf';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { loadBackbone } from '../../electron/core/backbones/load';
import { seedImageDataset, tempDir } from '../training/helpers/fixture';
import { writeVgg11 } from './resnet-fixture';
import { appPixels, argmax, manualRun, maxAbsDiff, safetensorsHeader, tfjsExportLogits, torchCheck, torchSkipReason } from './helpers/exported';
import type { PlanItem } from '../../electron/core/training/data/types';
import type { StudioApi } from '../../shared/api/client';
import { clientFor } from '../helpers/client';

let core: Core;
let dir: string;
let runId: number;
let items: PlanItem[];
let appLogits: number[][];
const labels = ['a', 'b', 'c'];
const bdir = () => join(dir, 'backbones', 'vgg');

/** The one typed client over this file's core (opened per test). */
const call: StudioApi['call'] = (method, params) => clientFor(core).call(method, params);

beforeAll(async () => {
  dir = tempDir('studio-export-vgg-');
  core = openCore({ dataDir: dir, workers: { env: { STUDIO_BACKEND: 'wasm' } } });
  const ds = await seedImageDataset(core.ctx.db, dir, { perClass: 2 });
  items = ds.items;
  await writeVgg11(bdir());
  const added = await call('backbones.addLocal', { path: bdir() });
  const { backbone } = await loadBackbone(bdir());
  const tensors = new Map<string, tf.Tensor>([
    ['head.fc.weight', tf.randomNormal([backbone.info.featureDim, 3], 0, 0.3, 'float32', 2)],
    ['head.fc.bias', tf.tensor1d([0.05, 0, -0.05])],
  ]);
  backbone.dispose();
  ({ runId, appLogits } = await manualRun(core, { dir: join(dir, 'runs', 'vgg'), backboneId: added.id, mode: 'probe', config: { mode: 'probe' }, tensors, labels, datasetId: ds.datasetId, snapshotId: ds.snapshotId, items }));
}, 120_000);

afterAll(async () => {
  await core?.close();
});

describe('export of a VGG run', () => {
  it('tfjs: a standard-layers model (fc1/fc2 as convs after the 1×1 → 7×7 adaptive pool) gives the app’s logits within 1e-4', async () => {
    const out = join(dir, 'vgg-tfjs');
    await call('export.run', { runId, format: 'tfjs', outDir: out });
    const pixels = await appPixels(bdir(), items);
    const got = await tfjsExportLogits(out, pixels);
    pixels.dispose();
    const diff = maxAbsDiff(got, appLogits);
    console.info(`VGG tfjs export: max |Δlogit| vs the app = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);
    expect(argmax(got)).toEqual(argmax(appLogits));
  });

  it('safetensors: torchvision names kept (fc1 in its [hidden, 25088] shape), the head as classifier.6', async () => {
    const out = join(dir, 'vgg-st');
    await call('export.run', { runId, format: 'safetensors', outDir: out });
    const header = safetensorsHeader(join(out, 'model.safetensors'));
    expect(header['classifier.0.weight']!.shape).toEqual([16, 25088]);
    expect(header['classifier.6.weight']!.shape).toEqual([3, 16]);
    expect(header['classifier.6.bias']!.shape).toEqual([3]);
  });

  it.skipIf(torchSkipReason !== null)(`safetensors loads strictly into torchvision's vgg11 (classifier at the checkpoint's width) with the app's logits${torchSkipReason ? ` (skipped: ${torchSkipReason})` : ''}`, async () => {
    const out = join(dir, 'vgg-st');
    if (!existsSync(join(out, 'model.safetensors'))) await call('export.run', { runId, format: 'safetensors', outDir: out });
    const pixels = await appPixels(bdir(), items);
    const rep = await torchCheck(dir, out, pixels, appLogits);
    pixels.dispose();
    console.info(`VGG PyTorch (strict load) vs the app: max |Δlogit| = ${rep.max_abs_diff.toExponential(2)}`);
    expect(rep.same_classes).toBe(true);
    expect(rep.max_abs_diff).toBeLessThan(1e-4);
  });
});
