import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../../electron/core/core';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule } from '../training/helpers/fixture';
import { noRedisReason, startRedis, type TestRedis } from './helpers/redis';
import { sweepOptions } from './helpers/setup';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'studio.mjs');
const env = { ...process.env, STUDIO_BACKBONE_LOADER: tinyLoaderModule, STUDIO_BACKEND: 'wasm' };
const token = 'cli-test-token-0123456789abc';
const dirs: string[] = [];
let redis: TestRedis;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(noRedisReason !== null)('studio sweep --queue and studio worker', () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the command coordinates until every run has ended and prints {sweepId, runs:[{runId, backbone, mode, seed, status, metrics, worker}]}', async () => {
    const coordDir = tempDir('studio-sweep-cli-');
    const workerDir = tempDir('studio-sweep-cli-w-');
    dirs.push(coordDir, workerDir);
    const core = openCore({ dataDir: coordDir });
    const ds = await seedImageDataset(core.ctx.db, coordDir);
    const a = addTinyBackbone(core.ctx.db, coordDir, 'resnet');
    const b = addTinyBackbone(core.ctx.db, coordDir, 'vit');
    await core.close();

    const worker = spawn(process.execPath, [bin, '--data-dir', workerDir, 'worker', '--queue', redis.url, '--token', token, '--name', 'cli-worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const workerExit = new Promise<number | null>((r) => worker.on('exit', (code) => r(code)));
    const epochs = String(sweepOptions.epochs);
    const r = await run(['--data-dir', coordDir, 'sweep', '--dataset', String(ds.datasetId), '--backbone', a, '--backbone', b, '--mode', 'probe', '--seeds', '1', '--epochs', epochs, '--queue', redis.url, '--token', token, '--json']);
    worker.kill('SIGTERM');
    expect(await workerExit).toBe(0);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { sweepId: number; runs: Array<{ runId: number; backbone: string; mode: string; seed: number; status: string; metrics: Record<string, number>; worker: string }> };
    expect(out.sweepId).toBeGreaterThan(0);
    expect(out.runs.map((x) => [x.backbone, x.mode, x.seed, x.status, x.worker])).toEqual([
      [a, 'probe', 0, 'completed', 'cli-worker'],
      [b, 'probe', 0, 'completed', 'cli-worker'],
    ]);
    // Default options on 12 items a class: the accuracy is a cross-validated estimate.
    expect(out.runs.every((x) => x.metrics.cvAccuracy! >= 0 && x.metrics.cvAccuracy! <= 1)).toBe(true);
    expect(r.stderr).toMatch(/Start workers with: studio worker --queue redis:\/\/127\.0\.0\.1:\d+ --token /);
  }, 120_000);

  it('bad flags fail with a one-line reason', () => {
    const dir = tempDir('studio-sweep-cli-');
    dirs.push(dir);
    const r = spawnSync(process.execPath, [bin, '--data-dir', dir, 'sweep', '--dataset', '1', '--backbone', 'x', '--mode', 'sideways', '--queue', 'localhost:6379'], { env, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--mode must be one of probe, finetune, full, got "sideways"/);
    const w = spawnSync(process.execPath, [bin, 'worker', '--queue', 'localhost:6379', '--token', token], { env, encoding: 'utf8' });
    expect(w.status).not.toBe(0);
    expect(w.stderr.trim()).toMatch(/^.*--queue must be a Redis URL like redis:\/\/HOST:PORT, got "localhost:6379"\.$/);
  }, 60_000);
});
