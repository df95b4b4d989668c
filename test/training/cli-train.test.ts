import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openCore } from '../../electron/core/core';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule } from './helpers/fixture';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'studio.mjs');

function studio(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, '--data-dir', dataDir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, STUDIO_BACKBONE_LOADER: tinyLoaderModule, STUDIO_BACKEND: 'wasm' },
    timeout: 120_000,
  });
}

describe('studio train', () => {
  it('trains and prints {runId, status, metrics, backend}; progress goes to stderr; `studio runs` lists it', async () => {
    const dir = tempDir();
    const core = openCore({ dataDir: dir });
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    await core.close();

    const r = studio(dir, 'train', '--dataset', String(ds.datasetId), '--backbone', backboneId, '--epochs', '2', '--seed', '3', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { runId: number; status: string; metrics: Record<string, number>; backend: string };
    expect(out.status).toBe('completed');
    expect(out.backend).toBe('wasm');
    // 12 images a class: every item trains, and the accuracy is a cross-validated estimate.
    expect(out.metrics.cvAccuracy).toBeGreaterThanOrEqual(0);
    expect(out.metrics.estimateBand).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/backend: wasm/);
    expect(r.stderr).toMatch(/expected accuracy: about \d+\.\d % ± \d+\.\d %, estimated by \d-fold cross-validation/);
    expect(r.stderr).toMatch(/run #\d+ \[/);

    const runs = JSON.parse(studio(dir, 'runs', '--json').stdout) as { runs: Array<{ id: number; status: string; mode: string; backend: string; backboneId: string }> };
    expect(runs.runs[0]).toMatchObject({ id: out.runId, status: 'completed', mode: 'probe', backend: 'wasm', backboneId });
  });

  it('bad arguments fail with a one-line reason', () => {
    const dir = tempDir();
    const r = studio(dir, 'train', '--dataset', '1', '--backbone', 'nope', '--mode', 'sideways');
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--mode must be one of probe, finetune, full/);
    const r2 = studio(dir, 'train', '--dataset', '1', '--backbone', 'nope');
    expect(r2.status).not.toBe(0);
    expect(r2.stderr).toMatch(/No (dataset|backbone)/i);
  });
});
