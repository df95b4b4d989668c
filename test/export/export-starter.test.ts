import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { packageRoot } from '../../electron/core/version';
import { tempDir } from '../training/helpers/fixture';
import { appPixels, argmax, manualRun, perturbedLastStage, maxAbsDiff, tfjsExportLogits, torchCheck, torchSkipReason } from './helpers/exported';
import type { PlanItem } from '../../electron/core/training/data/types';
import type { StudioApi } from '../../shared/api/client';
import { clientFor } from '../helpers/client';

// The shipped starter backbone and demo images: what a newcomer exports after "Try the demo".
const starter = join(packageRoot(), 'resources', 'backbones', 'starter-resnet');
const demo = join(packageRoot(), 'resources', 'demo');

let core: Core;
let dir: string;
let runId: number;
let items: PlanItem[];
let appLogits: number[][];
let labels: string[];

/** The one typed client over this file's core (opened per test). */
const call: StudioApi['call'] = (method, params) => clientFor(core).call(method, params);

beforeAll(async () => {
  dir = tempDir('studio-export-starter-');
  core = openCore({ dataDir: dir, workers: { env: { STUDIO_BACKEND: 'wasm' } } });
  const { id: backboneId } = await call('backbones.addLocal', { path: starter });
  labels = readdirSync(demo, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  items = labels.flatMap((l, k) =>
    readdirSync(join(demo, l)).slice(0, 2).map((f, i) => ({ itemId: k * 10 + i, contentHash: `${l}-${f}`, label: k, subset: 'test' as const, path: join(demo, l, f) })),
  );
  // A finetune of the last stage: perturbed layer4 and a seeded head, as the trainer would save it.
  const { cut, tensors } = await perturbedLastStage(starter, labels.length);
  ({ runId, appLogits } = await manualRun(core, { dir, backboneId, mode: 'finetune', config: { mode: 'tail', cut }, tensors, labels, items }));
}, 120_000);

afterAll(async () => {
  await core?.close();
});

describe('export of a finetuned run on the shipped starter backbone', () => {
  it('tfjs export gives the app’s classes with logits within 1e-4', async () => {
    const out = join(dir, 'tfjs');
    await call('export.run', { runId, format: 'tfjs', outDir: out });
    const pixels = await appPixels(starter, items);
    const got = await tfjsExportLogits(out, pixels);
    pixels.dispose();
    const diff = maxAbsDiff(got, appLogits);
    console.info(`starter tfjs export: max |Δlogit| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);
    expect(argmax(got)).toEqual(argmax(appLogits));
  });

  it.skipIf(torchSkipReason !== null)(`safetensors export loads strictly in PyTorch with the app’s classes and logits within 1e-4${torchSkipReason ? ` (skipped: ${torchSkipReason})` : ''}`, async () => {
    const out = join(dir, 'st');
    await call('export.run', { runId, format: 'safetensors', outDir: out });
    const pixels = await appPixels(starter, items);
    const rep = await torchCheck(dir, out, pixels, appLogits);
    pixels.dispose();
    console.info(`starter PyTorch export: max |Δlogit| = ${rep.max_abs_diff.toExponential(2)}`);
    expect(rep.same_classes).toBe(true);
    expect(rep.max_abs_diff).toBeLessThan(1e-4);
  });
});
