import { describe, it, expect, afterEach } from 'vitest';
import { openCore, type Core } from '../../electron/core/core';
import { runsRepo } from '../../electron/core/store/repos/runs';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule } from './helpers/fixture';
import type { RunSummary } from '../../shared/domain/run';
import type { QueueBatch } from '../../shared/api/methods/training';

const cores: Core[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

function open(dataDir: string): Core {
  const core = openCore({ dataDir, workers: { backboneLoaderModule: tinyLoaderModule, env: { STUDIO_BACKEND: 'wasm' } } });
  cores.push(core);
  return core;
}

async function call<T>(core: Core, method: string, params: unknown): Promise<{ ok: true; result: T } | { ok: false; code: string; message: string }> {
  const out = await core.service.call(method, params, { transport: 'websocket' });
  return out.ok ? { ok: true, result: out.result as T } : { ok: false, code: out.error.code, message: out.error.message };
}

async function must<T>(core: Core, method: string, params: unknown): Promise<T> {
  const out = await call<T>(core, method, params);
  if (!out.ok) throw new Error(`${method}: ${out.message}`);
  return out.result;
}

const terminal = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

/** Resolves once the run has settled and its process (if it had one) has exited. */
function settled(core: Core, runId: number): Promise<RunSummary> {
  const get = () => runsRepo(core.ctx.db).get(runId)!;
  return new Promise<void>((resolve) => {
    if (terminal.has(get().status)) return resolve();
    const off = core.ctx.events.subscribe((e, p) => {
      if (e === 'runs.changed' && (p as { runId: number }).runId === runId && terminal.has(get().status)) {
        off();
        resolve();
      }
    });
  }).then(() => core.ctx.services.training.finished(runId));
}

async function setup() {
  const dir = tempDir('studio-queue-');
  const core = open(dir);
  const ds = await seedImageDataset(core.ctx.db, dir);
  const resnet = addTinyBackbone(core.ctx.db, dir, 'resnet');
  const vit = addTinyBackbone(core.ctx.db, dir, 'vit');
  // Every moment the core reports anything: how many training processes are alive, and how many
  // runs the store says are running.
  const sup = core.ctx.services.training;
  const alive: number[] = [];
  const runningRows: number[] = [];
  core.ctx.events.subscribe(() => {
    alive.push(sup.activeRuns().length);
    runningRows.push(runsRepo(core.ctx.db).list().filter((r) => r.status === 'running').length);
  });
  return { core, ds, resnet, vit, alive, runningRows };
}

describe('the scheduler: one training process at a time', () => {
  it('two starts and a resume asked for at once run one after another, in the order asked; a run in line or completed is not resumed', async () => {
    const { core, ds, resnet, vit, alive, runningRows } = await setup();
    const options = { epochs: 2, patience: 0 };
    // A run a dead process left interrupted before it wrote a checkpoint: resume trains it from the start.
    const runs = runsRepo(core.ctx.db);
    const interrupted = runs.create({ datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId: resnet, mode: 'probe', params: { options: { epochs: 2, patience: 0 }, labels: ['c0', 'c1'] } });
    runs.setStatus(interrupted.id, 'interrupted', { error: 'The studio process that held it stopped while it trained it.' });

    const [a, b, c] = await Promise.all([
      must<RunSummary>(core, 'training.start', { datasetId: ds.datasetId, backboneId: resnet, options }),
      must<RunSummary>(core, 'training.start', { datasetId: ds.datasetId, backboneId: vit, options }),
      must<RunSummary>(core, 'training.resume', { runId: interrupted.id }),
    ]);
    expect([a.status, b.status, c.status]).toEqual(['running', 'queued', 'queued']);
    expect(c.error).toBe('The studio process that held it stopped while it trained it.');
    // A run already in line cannot be resumed (again).
    expect(await call(core, 'training.resume', { runId: c.id })).toMatchObject({ ok: false, code: 'conflict', message: expect.stringMatching(/waiting in the queue/) });

    // finished() of a run still in line waits for its turn and its process, not only for the line.
    const cFinished = core.ctx.services.scheduler.finished(c.id);
    const done = [await settled(core, a.id), await settled(core, b.id), await cFinished];
    expect(done.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    // In the order asked, each starting after the one before had finished.
    for (let i = 1; i < done.length; i++) expect(Date.parse(done[i]!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(done[i - 1]!.finishedAt!));
    // At no event were two processes alive, or two runs recorded as running.
    expect(alive.length).toBeGreaterThan(10);
    expect(Math.max(...alive)).toBe(1);
    expect(Math.max(...runningRows)).toBe(1);
    // The resumed run's old error went when it restarted; a completed run is not resumed.
    expect(done[2]!.error).toBeNull();
    expect(await call(core, 'training.resume', { runId: a.id })).toMatchObject({ ok: false, code: 'conflict', message: `Run ${a.id} has already completed.` });
  }, 120_000); // three tiny runs in turn: 27 s measured here, 45 s under a loaded machine
});

describe('training queue (compare backbones)', () => {
  it('trains several backbones one after another on one shared snapshot; later runs read the feature cache', async () => {
    const { core, ds, resnet, vit, alive } = await setup();
    const options = { epochs: 2, patience: 0, hiddenUnits: 4 };
    const r = await must<{ runIds: number[]; snapshotId: number }>(core, 'training.startMany', { datasetId: ds.datasetId, backboneIds: [resnet, vit], mode: 'probe', options });
    expect(r.runIds).toHaveLength(2);

    // The second waits its turn.
    const q = await must<{ batches: QueueBatch[] }>(core, 'training.queue', {});
    expect(q.batches[0]!.waiting).toEqual([r.runIds[1]]);
    expect(q.batches[0]!.runs.map((x) => x.backboneId)).toEqual([resnet, vit]);

    const [a, b] = [await settled(core, r.runIds[0]!), await settled(core, r.runIds[1]!)];
    expect([a.status, b.status]).toEqual(['completed', 'completed']);
    // One snapshot made for the batch, and both runs trained on it with the same settings.
    expect(a.snapshotId).toBe(r.snapshotId);
    expect(b.snapshotId).toBe(r.snapshotId);
    expect((a.params.options as { hiddenUnits: number }).hiddenUnits).toBe(4);
    expect((b.params.options as { hiddenUnits: number }).hiddenUnits).toBe(4);
    // Sequential: the second started after the first finished, and never two processes at once.
    expect(Date.parse(b.startedAt!)).toBeGreaterThanOrEqual(Date.parse(a.finishedAt!));
    expect(alive.length).toBeGreaterThan(10);
    expect(Math.max(...alive)).toBe(1);
    const after = await must<{ batches: QueueBatch[] }>(core, 'training.queue', {});
    expect(after.batches[0]!.waiting).toEqual([]);
    expect(after.batches[0]!.runs.map((x) => x.status)).toEqual(['completed', 'completed']);

    // The same pair again on that snapshot: each run reads its backbone's cached trunk.
    const again = await must<{ runIds: number[]; snapshotId: number }>(core, 'training.startMany', {
      datasetId: ds.datasetId,
      snapshotId: r.snapshotId,
      backboneIds: [vit, resnet],
      options: { epochs: 1 },
    });
    for (const id of again.runIds) {
      const done = await settled(core, id);
      expect(done.status).toBe('completed');
      expect(done.metrics.trunkComputations).toBe(0);
      expect(done.metrics.cacheHits).toBeGreaterThan(0);
    }
    expect(Math.max(...alive)).toBe(1);
  }, 120_000); // four tiny runs: 49 s measured here

  it('cancelling a run still waiting takes it out of the queue; the first finishes, the second never starts', async () => {
    const { core, ds, resnet, vit } = await setup();
    const r = await must<{ runIds: number[] }>(core, 'training.startMany', { datasetId: ds.datasetId, backboneIds: [resnet, vit], options: { epochs: 2, patience: 0 } });
    const [first, second] = r.runIds as [number, number];
    expect(runsRepo(core.ctx.db).get(second)!.status).toBe('queued');
    const cancelled = await must<RunSummary>(core, 'training.cancel', { runId: second });
    expect(cancelled.status).toBe('cancelled');
    expect((await must<{ batches: QueueBatch[] }>(core, 'training.queue', {})).batches[0]!.waiting).toEqual([]);

    expect((await settled(core, first)).status).toBe('completed');
    const left = runsRepo(core.ctx.db).get(second)!;
    expect(left.status).toBe('cancelled');
    expect(left.startedAt).toBeNull();
    expect(core.ctx.services.training.activeRuns()).toEqual([]);
  });

  it('refuses a bad batch before queueing anything', async () => {
    const { core, ds, resnet } = await setup();
    const unknown = await call(core, 'training.startMany', { datasetId: ds.datasetId, backboneIds: [resnet, 'no-such-backbone'] });
    expect(unknown).toMatchObject({ ok: false, code: 'not_found' });
    expect((unknown as { message: string }).message).toMatch(/no-such-backbone/);
    const twice = await call(core, 'training.startMany', { datasetId: ds.datasetId, backboneIds: [resnet, resnet] });
    expect(twice).toMatchObject({ ok: false, code: 'invalid_params' });
    const none = await call(core, 'training.startMany', { datasetId: ds.datasetId, backboneIds: [] });
    expect(none).toMatchObject({ ok: false, code: 'invalid_params' });
    expect(runsRepo(core.ctx.db).list()).toEqual([]);
  });
});
