import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Queue, QueueEvents } from 'bullmq';
import { clientFor } from '../helpers/client';
import { untilCore } from '../training/helpers/until';
import { jobIdOf, jobsQueueName } from '../../electron/core/sweep/protocol';
import { storeIdOf } from '../../electron/core/sweep/manifest';
import { noRedisReason, startRedis, type TestRedis } from './helpers/redis';
import { coreSet, epochCounts, seedCoordinator, sweepDone, sweepOptions } from './helpers/setup';

const token = 'refusal-test-token-0123456789';
let redis: TestRedis;
let cores = coreSet();

describe.skipIf(noRedisReason !== null)('sweep: refusals, cancel, shared features', () => {
  beforeEach(async () => {
    redis = await startRedis();
    cores = coreSet();
  });
  afterEach(async () => {
    await cores.closeAll();
    await redis.stop();
  });

  it('workers of another version or without the backend refuse the job with their reasons, kept on the run; the job goes to a worker that can run it', async () => {
    const coordinator = cores.open();
    const { datasetId, snapshotId, backbones } = await seedCoordinator(coordinator);
    const api = clientFor(coordinator);
    await api.call('sweep.coordinate', { queue: redis.url, token });
    cores.open().ctx.services.sweeps.work({ queue: redis.url, token, name: 'old' }, { version: '0.0.1-old', refuseBackoffMs: 300, lockMs: 1000 });
    // tfjs-node-gpu does not install here: a worker forced onto it has no backend.
    cores.open({ env: { STUDIO_BACKEND: 'node-gpu' } }).ctx.services.sweeps.work({ queue: redis.url, token, name: 'no-gpu' }, { refuseBackoffMs: 300, lockMs: 1000 });
    const created = await api.call('sweep.create', { datasetId, snapshotId, backboneIds: [backbones[0]!], options: sweepOptions, queue: redis.url });
    const sweepId = created.sweepId;
    const refusers = () => new Set(coordinator.ctx.services.sweeps.get(sweepId).runs[0]!.refusals.map((r) => r.worker));
    await untilCore(coordinator, () => refusers().size === 2, 'both workers to refuse', { timeoutMs: 60_000 });
    const refused = (await api.call('sweep.get', { sweepId })).runs[0]!;
    expect(refused).toMatchObject({ status: 'queued', worker: null, attempts: 0 });
    expect(refused.refusals.find((r) => r.worker === 'no-gpu')!.reason).toMatch(/^no training backend starts on this worker: STUDIO_BACKEND=node-gpu could not be loaded/);

    await clientFor(cores.open()).call('sweep.work', { queue: redis.url, token, name: 'current', lockMs: 1000 });
    const s = await sweepDone(coordinator, sweepId);
    expect(s.runs[0]).toMatchObject({ status: 'completed', worker: 'current', attempts: 1 });
    expect(s.runs[0]!.refusals.find((r) => r.worker === 'old')).toEqual({ worker: 'old', reason: `this worker runs Transfer Studio 0.0.1-old, the coordinator ${coordinator.ctx.version}; install the same version on both.` });
    expect(epochCounts(coordinator, s.runs[0]!.runId).guardRows).toEqual([1, 2]);
    // The model the worker uploaded is the run's model here: evaluating it on the coordinator gives the
    // test accuracy the worker's training reported.
    const ev = await api.call('evaluation.run', { runId: s.runs[0]!.runId });
    expect(ev).toMatchObject({ status: 'completed', subset: 'test' });
    expect(ev.report!.accuracy).toBeCloseTo(s.runs[0]!.metrics.testAccuracy!, 6);
  }, 90_000);

  it('cancel: waiting jobs leave the queue, a training worker stops its run; all cancelled in the store', async () => {
    const coordinator = cores.open();
    const { datasetId, snapshotId, backbones } = await seedCoordinator(coordinator);
    const api = clientFor(coordinator);
    await api.call('sweep.coordinate', { queue: redis.url, token });
    await clientFor(cores.open({ env: { STUDIO_TRAIN_STEP_DELAY_MS: '300' } })).call('sweep.work', { queue: redis.url, token, name: 'busy', lockMs: 1000 });
    const created = await api.call('sweep.create', { datasetId, snapshotId, backboneIds: backbones, seeds: 2, options: { ...sweepOptions, epochs: 20 }, queue: redis.url });
    const [training, ...waiting] = created.runs.map((r) => r.runId);
    await untilCore(coordinator, () => epochCounts(coordinator, training!).guardRows.length >= 1, 'the first run to train an epoch', { timeoutMs: 60_000 });

    const jobs = new Queue(jobsQueueName, { connection: { url: redis.url } });
    const events = new QueueEvents(jobsQueueName, { connection: { url: redis.url } });
    await events.waitUntilReady();
    const trainingJob = jobIdOf(storeIdOf(coordinator.ctx.dataDir), training!);
    const stopped = new Promise<void>((r) => events.on('completed', ({ jobId }) => jobId === trainingJob && r()));
    const s = await api.call('sweep.cancel', { sweepId: created.sweepId });
    expect(s.runs.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(s.done).toBe(true);
    // The worker heard it and ended its training process (its job completes, long before 20 epochs).
    await stopped;
    expect(epochCounts(coordinator, training!).guardRows.length).toBeLessThan(20);
    for (const id of waiting) expect(await jobs.getJob(jobIdOf(storeIdOf(coordinator.ctx.dataDir), id))).toBeUndefined();
    expect((await jobs.getJobCounts('waiting', 'delayed')).waiting).toBe(0);
    await events.close();
    await jobs.close();
    await expect(api.call('sweep.cancel', { sweepId: 999 })).rejects.toMatchObject({ code: 'not_found' });
  }, 90_000);

  it('frozen-trunk features one worker computed are fetched by the next (another data folder): no trunk computation there', async () => {
    const coordinator = cores.open();
    const { datasetId, snapshotId, backbones } = await seedCoordinator(coordinator);
    const api = clientFor(coordinator);
    await api.call('sweep.coordinate', { queue: redis.url, token });
    const first = cores.open();
    await clientFor(first).call('sweep.work', { queue: redis.url, token, name: 'first' });
    const a = await sweepDone(coordinator, (await api.call('sweep.create', { datasetId, snapshotId, backboneIds: [backbones[0]!], options: sweepOptions, queue: redis.url })).sweepId);
    const items = a.runs[0]!.metrics.trunkComputations!;
    expect(items).toBeGreaterThan(0);
    cores.cores.splice(cores.cores.indexOf(first), 1);
    await first.close();

    await clientFor(cores.open()).call('sweep.work', { queue: redis.url, token, name: 'second' });
    const b = await sweepDone(coordinator, (await api.call('sweep.create', { datasetId, snapshotId, backboneIds: [backbones[0]!], options: { ...sweepOptions, seed: 7 }, queue: redis.url })).sweepId);
    expect(b.runs[0]).toMatchObject({ status: 'completed', worker: 'second' });
    expect(b.runs[0]!.metrics.trunkComputations).toBe(0);
    expect(b.runs[0]!.metrics.cacheHits).toBe(items);
  }, 90_000);
});
