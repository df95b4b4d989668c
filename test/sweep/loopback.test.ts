import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from '../helpers/client';
import { noRedisReason, startRedis, type TestRedis } from './helpers/redis';
import { coreSet, epochCounts, seedCoordinator, sweepDone, sweepOptions, trainingFigures } from './helpers/setup';
import { trainHere, type Reference } from './helpers/reference';

const token = 'loopback-test-token-0123456789';
let redis: TestRedis;
const cores = coreSet();

describe.skipIf(noRedisReason !== null)('sweep on a queue, loopback (3 workers)', () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await cores.closeAll();
    await redis?.stop();
  });

  it('6 runs fan out to 3 workers with their own data folders; each equals the same run trained locally; every epoch stored once', async () => {
    const coordinator = cores.open();
    const { datasetId, snapshotId, backbones } = await seedCoordinator(coordinator);
    const api = clientFor(coordinator);
    await api.call('sweep.coordinate', { queue: redis.url, token });
    for (const n of [1, 2, 3]) await clientFor(cores.open()).call('sweep.work', { queue: redis.url, token, name: `w${n}` });

    const queued = await api.call('sweep.create', { datasetId, snapshotId, backboneIds: backbones, modes: ['probe'], seeds: 3, options: sweepOptions, queue: redis.url });
    expect(queued.runs).toHaveLength(6);
    // Two of them as a local sweep too (the scheduler, one at a time), while the workers train.
    const local = await api.call('sweep.create', { datasetId, snapshotId, backboneIds: [backbones[0]!], modes: ['probe'], seeds: 2, options: sweepOptions });
    expect(local.queue).toBeNull();
    // The same runs trained here in this process (training/worker.ts's own main), one at a time.
    const reference = new Map<string, Reference>();
    for (const r of queued.runs) reference.set(`${r.backbone}/${r.seed}`, await trainHere(coordinator, { snapshotId, backboneId: r.backbone, mode: r.mode, options: { ...sweepOptions, seed: r.seed } }));

    const q = await sweepDone(coordinator, queued.sweepId);
    expect(q.runs.map((r) => r.status)).toEqual(Array(6).fill('completed'));
    expect(q.runs.every((r) => ['w1', 'w2', 'w3'].includes(r.worker!))).toBe(true);
    expect(q.runs.every((r) => r.backend === 'wasm')).toBe(true);

    for (const r of q.runs) {
      const ref = reference.get(`${r.backbone}/${r.seed}`)!;
      expect(Object.keys(trainingFigures(r.metrics)).length).toBeGreaterThan(3);
      expect(trainingFigures(r.metrics), `run ${r.runId} (${r.backbone}, seed ${r.seed})`).toEqual(trainingFigures(ref.metrics));
      // Every epoch once: one guard row and one stored loss per epoch, 1..epochs, each equal to the local one.
      const c = epochCounts(coordinator, r.runId);
      expect(c.guardRows).toEqual([1, 2]);
      expect(c.metricRows).toEqual([1, 1]);
      const stored = (await api.call('training.metrics', { runId: r.runId })).points.filter((p) => p.scope === 'epoch' && p.name === 'valLoss');
      expect(stored.map((p) => p.value)).toEqual(ref.epochs.map((e) => e.metrics.valLoss));
    }
    const l = await sweepDone(coordinator, local.sweepId);
    expect(l.runs.map((r) => [r.status, r.worker, r.seed, r.epoch])).toEqual([
      ['completed', 'local', 0, 2],
      ['completed', 'local', 1, 2],
    ]);
    for (const r of l.runs) expect(trainingFigures(r.metrics)).toEqual(trainingFigures(reference.get(`${r.backbone}/${r.seed}`)!.metrics));
    // Different seeds really differ (the comparison above is not trivially true).
    const resnetRuns = q.runs.filter((r) => r.backbone === backbones[0]);
    expect(new Set(resnetRuns.map((r) => JSON.stringify(trainingFigures(r.metrics)))).size).toBeGreaterThan(1);
    // Each completed run has its model in the coordinator's store.
    const { runs } = await api.call('runs.list', {});
    expect(runs.filter((r) => q.runs.some((x) => x.runId === r.id)).every((r) => r.status === 'completed')).toBe(true);
  }, 120_000);
});
