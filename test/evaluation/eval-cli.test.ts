import { describe, it, expect, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openCore } from '../../electron/core/core';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule, type SeededDataset } from '../training/helpers/fixture';

const bin = resolve('bin', 'studio.mjs');
let dir: string;
let ds: SeededDataset;
let runId: number;

function studio(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, [bin, '--data-dir', dir, ...args], { env: { ...process.env, STUDIO_BACKBONE_LOADER: tinyLoaderModule, STUDIO_BACKEND: 'wasm' } }, (err, stdout, stderr) =>
      ok({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = tempDir('studio-evalcli-');
  const core = openCore({ dataDir: dir, workers: { backboneLoaderModule: tinyLoaderModule, env: { STUDIO_BACKEND: 'wasm' } } });
  ds = await seedImageDataset(core.ctx.db, dir);
  const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
  const out = await core.service.call('training.start', { datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, mode: 'probe', options: { epochs: 2 } }, { transport: 'websocket' });
  if (!out.ok) throw new Error(out.error.message);
  runId = (out.result as { id: number }).id;
  expect((await core.ctx.services.training.finished(runId)).status).toBe('completed');
  await core.close();
}, 120_000);

describe('studio eval / predict / export (CLI)', () => {
  it('`studio eval --json` on a folder: labels by folder name, a confusion matrix summing to the number of images', async () => {
    const folder = join(dir, 'folder');
    for (const it of ds.items) {
      mkdirSync(join(folder, ds.labels[it.label]!), { recursive: true });
      copyFileSync(it.path!, join(folder, ds.labels[it.label]!, `${it.itemId}.png`));
    }
    const r = await studio(['eval', '--run', String(runId), folder, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { accuracy: number; labels: string[]; confusion: number[][]; perClass: Record<string, { precision: number; recall: number; f1: number; support: number }> };
    expect(Object.keys(doc).sort()).toEqual(['accuracy', 'confusion', 'labels', 'perClass']);
    expect(doc.labels).toEqual(ds.labels);
    expect(doc.confusion.flat().reduce((a, b) => a + b, 0)).toBe(ds.items.length);
    expect(doc.labels.map((l) => doc.perClass[l]!.support)).toEqual(doc.confusion.map((row) => row.reduce((a, b) => a + b, 0)));
    const diag = doc.confusion.reduce((a, row, i) => a + row[i]!, 0);
    expect(doc.accuracy).toBeCloseTo(diag / ds.items.length, 12);
  });

  it('`studio predict --json` gives the contract shape; a folder goes to a CSV', async () => {
    const files = ds.items.slice(0, 2).map((i) => i.path!);
    const r = await studio(['predict', '--run', String(runId), ...files, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { predictions: Array<{ file: string; label: string; score: number; top: Array<{ label: string; score: number }> }> };
    expect(doc.predictions.map((p) => p.file)).toEqual(files);
    for (const p of doc.predictions) expect(p.top[0]).toEqual({ label: p.label, score: p.score });
    const csv = join(dir, 'preds.csv');
    const f = await studio(['predict', '--run', String(runId), '--folder', join(dir, 'folder'), '--out', csv]);
    expect(f.code, f.stderr).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('file,label,score,label_2,score_2,label_3,score_3');
    expect(lines).toHaveLength(ds.items.length + 1);
  });

  it('fails with a one-line reason: unknown run, missing file, unknown export format', async () => {
    const a = await studio(['eval', '--run', '999', dir, '--json']);
    expect(a.code).not.toBe(0);
    expect(a.stderr.trim().split('\n').pop()).toBe('studio: No run #999.');
    expect(a.stdout).toBe('');
    const b = await studio(['predict', '--run', String(runId), join(dir, 'missing.png')]);
    expect(b.stderr).toMatch(/missing\.png: no such file/);
    const c = await studio(['export', '--run', String(runId), '--format', 'zip', '--out', join(dir, 'x')]);
    expect(c.code).not.toBe(0);
    expect(c.stderr).toMatch(/--format must be one of tfjs, safetensors, onnx/);
    writeFileSync(join(dir, 'note.txt'), 'x');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});
