import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { clientFor } from '../helpers/client';
import { tinyLoaderModule } from '../training/helpers/fixture';
import { untilCore } from '../training/helpers/until';
import { resultsQueueName } from '../../electron/core/sweep/protocol';
import { noRedisReason, startRedis, type TestRedis } from './helpers/redis';
import { coreSet, epochCounts, seedCoordinator, sweepDone, sweepOptions } from './helpers/setup';

const token = 'faults-test-token-0123456789';
const bin = join(import.meta.dirname, '..', '..', 'bin', 'studio.mjs');
let redis: TestRedis;
let cores = coreSet();
const children: ChildProcess[] = [];

/** A `studio worker` in its own process (so it can be killed -9), with slow steps so the kill lands mid-run. */
function spawnWorker(dataDir: string, name: string): ChildProcess {
  const child = spawn(process.execPath, [bin, '--data-dir', dataDir, 'worker', '--queue', redis.url, '--token', token, '--name', name, '--lock-ms', '1000'], {
    env: { ...process.env, STUDIO_BACKBONE_LOADER: tinyLoaderModule, STUDIO_BACKEND: 'wasm', STUDIO_TRAIN_STEP_DELAY_MS: '250' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return child;
}

describe.skipIf(noRedisReason !== null)('sweep faults', () => {
  beforeEach(async () => {
    redis = await startRedis();
    cores = coreSet();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await cores.closeAll();
    await redis.stop();
  });

  it('kill -9 of a worker mid-run: the job finishes on another worker from the last uploaded checkpoint, no epoch retrained or stored twice', async () => {
    const coordinator = cores.open();
    const { datasetId, snapshotId, backbones } = await seedCoordinator(coordinator);
    const api = clientFor(coordinator);
    await api.call('sweep.coordinate', { queue: redis.url, token });
    const doomedDir = cores.open().ctx.dataDir;
    await cores.cores.pop()!.close(); // only its folder: the worker process opens its own core there
    const doomed = spawnWorker(doomedDir, 'doomed');
    const created = await api.call('sweep.create', { datasetId, snapshotId, backboneIds: [backbones[0]!], seeds: 1, options: { ...sweepOptions, epochs: 4 }, queue: redis.url });
    const runId = created.runs[0]!.runId;
    // Its first epoch (and the checkpoint with it) has landed: now it dies.
    await untilCore(coordinator, () => epochCounts(coordinator, runId).guardRows.length >= 1, 'the first epoch from the doomed worker', { timeoutMs: 60_000 });
    const exited = new Promise((r) => doomed.once('exit', r));
    doomed.kill('SIGKILL');
    await exited;
    const beforeKill = epochCounts(coordinator, runId).guardRows.length;
    expect(beforeKill).toBeLessThan(4);

    await clientFor(cores.open({ env: {} })).call('sweep.work', { queue: redis.url, token, name: 'rescuer', lockMs: 1000 });
    const s = await sweepDone(coordinator, created.sweepId, 60_000);
    const r = s.runs[0]!;
    expect(r.status).toBe('completed');
    expect(r.worker).toBe('rescuer');
    expect(r.attempts).toBe(2);
    expect(r.resumedFromEpoch).toBeGreaterThanOrEqual(beforeKill);
    const run = (await api.call('training.metrics', { runId })).run;
    // The rescuer trained only the epochs after the checkpoint it resumed from.
    expect(run.params.trainedEpochs).toEqual([1, 2, 3, 4].filter((e) => e > r.resumedFromEpoch!));
    const c = epochCounts(coordinator, runId);
    expect(c.guardRows).toEqual([1, 2, 3, 4]);
    expect(c.metricRows).toEqual([1, 1, 1, 1]);
    const by = coordinator.ctx.db.prepare('SELECT epoch, worker FROM sweep_epochs WHERE run_id = ? ORDER BY epoch').all(runId) as Array<{ epoch: number; worker: string }>;
    expect(by.filter((e) => e.epoch <= r.resumedFromEpoch!).every((e) => e.worker === 'doomed')).toBe(true);
    expect(by.filter((e) => e.epoch > r.resumedFromEpoch!).every((e) => e.worker === 'rescuer')).toBe(true);
  }, 120_000);

  it('coordinator restart mid-sweep: results sent while it was down are applied once when it is back, nothing lost', async () => {
    const first = cores.open();
    const dir = first.ctx.dataDir;
    const { datasetId, snapshotId, backbones } = await seedCoordinator(first);
    await clientFor(first).call('sweep.coordinate', { queue: redis.url, token });
    // The worker's steps are slowed so the runs are still going when the coordinator stops.
    await clientFor(cores.open({ env: { STUDIO_TRAIN_STEP_DELAY_MS: '150' } })).call('sweep.work', { queue: redis.url, token, name: 'steady', lockMs: 1000 });
    const created = await clientFor(first).call('sweep.create', { datasetId, snapshotId, backboneIds: backbones, seeds: 1, options: { ...sweepOptions, epochs: 3 }, queue: redis.url });
    const firstRun = created.runs[0]!.runId;
    await untilCore(first, () => epochCounts(first, firstRun).guardRows.length >= 1, 'the first epoch', { timeoutMs: 60_000 });

    const events = new QueueEvents(resultsQueueName, { connection: { url: redis.url } });
    await events.waitUntilReady();
    const resultWhileDown = new Promise<void>((r) => events.once('waiting', () => r()));
    cores.cores.splice(cores.cores.indexOf(first), 1);
    await first.close();
    const downAt = new Date().toISOString();
    await resultWhileDown;
    await events.close();

    const second = cores.open(dir);
    await clientFor(second).call('sweep.coordinate', { queue: redis.url, token });
    const s = await sweepDone(second, created.sweepId, 60_000);
    expect(s.runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    for (const r of s.runs) {
      const c = epochCounts(second, r.runId);
      expect(c.guardRows).toEqual([1, 2, 3]);
      expect(c.metricRows).toEqual([1, 1, 1]);
    }
    const appliedAfter = second.ctx.db.prepare('SELECT COUNT(*) AS n FROM sweep_epochs WHERE applied_at > ?').get(downAt) as { n: number };
    expect(appliedAfter.n).toBeGreaterThan(0);
    const models = second.ctx.db.prepare("SELECT COUNT(*) AS n FROM artifacts WHERE kind = 'model' AND run_id IN (?, ?)").get(s.runs[0]!.runId, s.runs[1]!.runId) as { n: number };
    expect(models.n).toBe(2);
  }, 120_000);
});
