import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule, type SeededDataset } from '../training/helpers/fixture';
import type { StudioApi } from '../../shared/api/client';
import { clientFor } from '../helpers/client';

let core: Core;
let dir: string;
let ds: SeededDataset;
let runId: number;
let testAccuracy: number;

/** The one typed client over this file's core (opened per test). */
const call: StudioApi['call'] = (method, params) => clientFor(core).call(method, params);

beforeAll(async () => {
  dir = tempDir('studio-eval-');
  core = openCore({ dataDir: dir, workers: { backboneLoaderModule: tinyLoaderModule, env: { STUDIO_BACKEND: 'wasm' } } });
  ds = await seedImageDataset(core.ctx.db, dir, { perClass: 16 });
  const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
  const run = await call('training.start', { datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, mode: 'probe', options: { epochs: 3, patience: 0, validation: 'split' } });
  const done = await core.ctx.services.training.finished(run.id);
  expect(done.status).toBe('completed');
  runId = run.id;
  testAccuracy = done.metrics.testAccuracy!;
}, 120_000);

afterAll(async () => {
  await core?.close();
});

describe('evaluation of a finished run', () => {
  it("stores a prediction per test item and reproduces the run's own test accuracy", async () => {
    const ev = await call('evaluation.run', { runId });
    expect(ev.status).toBe('completed');
    expect(ev.subset).toBe('test');
    const r = ev.report!;
    const testItems = ds.items.filter((i) => i.subset === 'test').length;
    expect(r.count).toBe(testItems);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(testItems);
    // Same model, same inputs, same path as the trainer's evaluation.
    expect(r.accuracy).toBeCloseTo(testAccuracy, 9);
    expect(Object.keys(r.perClass)).toEqual(ds.labels);

    const stored = await call('evaluation.get', { runId });
    expect(stored.report).toEqual(r);
  });

  it('a confusion cell lists exactly the items it counts; misclassified lists the off-diagonal ones', async () => {
    const r = (await call('evaluation.get', { runId })).report!;
    for (let t = 0; t < r.labels.length; t++)
      for (let p = 0; p < r.labels.length; p++) {
        const cell = await call('evaluation.items', { runId, trueLabel: r.labels[t], predictedLabel: r.labels[p] });
        expect(cell.total).toBe(r.confusion[t]![p]);
        expect(cell.items.every((i) => i.trueLabel === r.labels[t] && i.predictedLabel === r.labels[p])).toBe(true);
      }
    const wrong = await call('evaluation.items', { runId, misclassifiedOnly: true });
    const offDiagonal = r.confusion.flatMap((row, t) => row.filter((_, p) => p !== t)).reduce((a, b) => a + b, 0);
    expect(wrong.total).toBe(offDiagonal);
    expect(wrong.classes.map((c) => c.name)).toEqual(ds.labels);
    // Most confident mistakes first.
    const conf = wrong.items.map((i) => i.confidence);
    expect([...conf].sort((a, b) => b - a)).toEqual(conf);
  });

  it('relabeling an item changes the dataset, not the past run’s evaluation', async () => {
    const all = await call('evaluation.items', { runId, limit: 1 });
    const item = all.items[0]!;
    const other = all.classes.find((c) => c.name !== item.trueLabel)!;
    await call('datasets.labels.assign', { datasetId: ds.datasetId, assignments: [{ itemIds: [item.itemId], labelId: other.id }] });
    const after = await call('evaluation.items', { runId, trueLabel: item.trueLabel, predictedLabel: item.predictedLabel, limit: 500 });
    const same = after.items.find((i) => i.itemId === item.itemId)!;
    expect(same.trueLabel).toBe(item.trueLabel);
    expect(same.currentLabel).toBe(other.name);
  });

  it('`evaluation.path` on a class-per-folder copy: labels matched by folder name, the matrix sums to the images', async () => {
    const folder = join(dir, 'heldout');
    let n = 0;
    for (const it of ds.items.filter((i) => i.subset !== 'train')) {
      const cls = ds.labels[it.label]!;
      mkdirSync(join(folder, cls), { recursive: true });
      copyFileSync(it.path!, join(folder, cls, `${it.itemId}.png`));
      n++;
    }
    mkdirSync(join(folder, 'unknown-class'), { recursive: true });
    copyFileSync(ds.items[0]!.path!, join(folder, 'unknown-class', 'x.png'));
    const r = await call('evaluation.path', { runId, path: folder });
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(n);
    expect(r.labels).toEqual(ds.labels);
    expect(r.skipped.map((s) => s.reason).join()).toMatch(/unknown-class/);
    expect(readdirSync(join(dir, 'tmp')).filter((f) => f.startsWith('eval-'))).toEqual([]);
  });

  it('a small-data run (every item trained) is judged on its out-of-fold predictions, not on items it saw', async () => {
    const backboneId = (core.ctx.db.prepare('SELECT id FROM backbones LIMIT 1').get() as { id: string }).id;
    const run = await call('training.start', { datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, mode: 'probe', options: {} });
    const done = await core.ctx.services.training.finished(run.id);
    expect((done.params.decision as { policy: string }).policy).toBe('cv');
    const ev = await call('evaluation.run', { runId: run.id });
    const r = ev.report!;
    expect(r.method).toBe('cross-validation');
    expect(r.folds).toBe(done.metrics.cvFolds);
    // Every labelled item once, each predicted by the fold that held it out: the run's own estimate.
    expect(r.count).toBe(ds.items.length);
    expect(r.accuracy).toBeCloseTo(done.metrics.cvAccuracy!, 9);
    // Stored as completed (a page asking afterwards sees it, not a stuck "running").
    expect((await call('evaluation.get', { runId: run.id })).status).toBe('completed');
    const wrong = await call('evaluation.items', { runId: run.id, misclassifiedOnly: true });
    expect(wrong.total).toBe(Math.round((1 - r.accuracy) * r.count));
  });

  it('predicts files with top-k scores that sum to at most 1, and refuses a missing file clearly', async () => {
    const files = ds.items.slice(0, 3).map((i) => i.path!);
    const r = await call('predict.files', { runId, files, topK: 2 });
    expect(r.predictions).toHaveLength(3);
    for (const p of r.predictions) {
      expect(ds.labels).toContain(p.label);
      expect(p.top).toHaveLength(2);
      expect(p.top[0]!.score).toBe(p.score);
      expect(p.top[0]!.score + p.top[1]!.score).toBeLessThanOrEqual(1 + 1e-9);
    }
    await expect(call('predict.files', { runId, files: [join(dir, 'nope.png')] })).rejects.toThrow(/no such file/);
    await expect(call('evaluation.run', { runId: 999 })).rejects.toThrow(/No run #999/);
  });
});
