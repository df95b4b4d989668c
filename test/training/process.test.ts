import { describe, it, expect, afterEach } from 'vitest';
import { openCore, type Core } from '../../electron/core/core';
import { untilCore } from './helpers/until';
import { runMetricsRepo } from '../../electron/core/store/repos/run-metrics';
import { runsRepo } from '../../electron/core/store/repos/runs';
import { artifactsRepo } from '../../electron/core/store/repos/artifacts';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule } from './helpers/fixture';
import type { EventName } from '../../shared/api/contract';
import type { MethodName, ParamsOf, ResultOf } from '../../shared/api/contract';
import { clientFor } from '../helpers/client';

/** The epoch-by-epoch SGD head with the snapshot's split: what checkpoints, kill/resume and pause act on (the exact probe fits in one go). */
const sgd = { headSolver: 'sgd', minSteps: 0, validation: 'split', keepCheckpoints: 0 } as const; // every epoch's checkpoint kept: these tests count them

const cores: Core[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

/** stepDelayMs slows each step (STUDIO_TRAIN_STEP_DELAY_MS) so a test can act mid-epoch. */
function open(dataDir: string, recoverOrphans = false, stepDelayMs = 0): Core {
  const core = openCore({ dataDir, recoverOrphans, workers: { backboneLoaderModule: tinyLoaderModule, env: { STUDIO_BACKEND: 'wasm', STUDIO_TRAIN_STEP_DELAY_MS: String(stepDelayMs) } } });
  cores.push(core);
  return core;
}

/** The one typed client over a core. */
const call = <M extends MethodName>(core: Core, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => clientFor(core).call(method, params);

describe('training process', () => {
  it('trains in a child process, records metrics and a checkpoint per epoch; a second run computes no trunk features', async () => {
    const dir = tempDir();
    const core = open(dir);
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    const events: EventName[] = [];
    core.ctx.events.subscribe((e) => events.push(e));

    const run1 = await call(core, 'training.start', { datasetId: ds.datasetId, backboneId, mode: 'probe', options: { ...sgd, epochs: 3, patience: 0 } });
    const done1 = await core.ctx.services.training.finished(run1.id);
    expect(done1.status).toBe('completed');
    expect(done1.backend).toBe('wasm');
    // No snapshot given: one is made (or reused) by the datasets domain, and the run keeps it.
    expect(done1.snapshotId).not.toBeNull();
    expect(done1.metrics.trunkComputations).toBeGreaterThan(36); // 3 views of each train item, 1 of val/test
    expect(done1.metrics.testAccuracy).toBeGreaterThanOrEqual(0);
    expect((done1.params.backendDetail as { skipped: unknown[] }).skipped).toHaveLength(2);
    const epochs = runMetricsRepo(core.ctx.db).list(run1.id, 'epoch').filter((p) => p.name === 'valLoss');
    expect(epochs.map((p) => p.idx)).toEqual([1, 2, 3]);
    expect(artifactsRepo(core.ctx.db).listForRun(run1.id, 'checkpoint')).toHaveLength(3);
    expect(events).toContain('training.epoch');
    expect(events).toContain('training.step');

    const info = await call(core, 'training.cacheInfo', {});
    expect(info.entries).toBe(done1.metrics.trunkComputations);
    expect(info.bytes).toBeGreaterThan(0);

    // Another head and other hyperparameters, same backbone and dataset: the trunk is skipped.
    const run2 = await call(core, 'training.start', { datasetId: ds.datasetId, snapshotId: done1.snapshotId!, backboneId, mode: 'probe', options: { epochs: 2, hiddenUnits: 8, learningRate: 0.01 } });
    const done2 = await core.ctx.services.training.finished(run2.id);
    expect(done2.status).toBe('completed');
    expect(done2.metrics.trunkComputations).toBe(0);
    expect(done2.metrics.cacheHits).toBe(done1.metrics.trunkComputations);

    const cleared = await call(core, 'training.clearCache', {});
    expect(cleared.freedBytes).toBe(info.bytes);
    expect((await call(core, 'training.cacheInfo', {})).entries).toBe(0);
  });

  it('kill -9 mid-epoch: interrupted, resumed from the last checkpoint, no duplicated or missing epoch', async () => {
    const dir = tempDir();
    const core = open(dir, false, 40);
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    const pids: number[] = [];
    const sup = core.ctx.services.training;
    let killed = false;
    core.ctx.events.subscribe((e, payload) => {
      const p = payload as { epoch?: number; step?: number };
      // Kill inside epoch 3, after the epoch-2 checkpoint.
      if (!killed && e === 'training.step' && (p.step ?? 0) > 2 * 6 + 2) {
        killed = true;
        process.kill(pids[0]!, 'SIGKILL');
      }
    });
    const run = await call(core, 'training.start', {
      datasetId: ds.datasetId,
      snapshotId: ds.snapshotId,
      backboneId,
      mode: 'probe',
      options: { ...sgd, epochs: 5, batchSize: 4, patience: 0 },
    });
    // The pid of the forked process: the only child this test started.
    pids.push(((sup as unknown as { active: Map<number, { handle: { pid: number } }> }).active.get(run.id)!.handle.pid));
    const cut = await sup.finished(run.id);
    expect(killed).toBe(true);
    expect(cut.status).toBe('interrupted');
    expect(cut.error).toMatch(/killed/);
    const stepsBefore = runMetricsRepo(core.ctx.db).list(run.id, 'step').filter((p) => p.name === 'loss').length;
    expect(stepsBefore).toBeGreaterThan(12);

    // The app restarts: nothing is left running, and the run resumes from its epoch-2 checkpoint.
    await core.close();
    cores.length = 0;
    const core2 = open(dir, true);
    expect(runsRepo(core2.ctx.db).get(run.id)!.status).toBe('interrupted');
    await call(core2, 'training.resume', { runId: run.id });
    const done = await core2.ctx.services.training.finished(run.id);
    expect(done.status).toBe('completed');
    const m = runMetricsRepo(core2.ctx.db);
    const epochIdx = m.list(run.id, 'epoch').filter((p) => p.name === 'trainLoss').map((p) => p.idx);
    expect(epochIdx).toEqual([1, 2, 3, 4, 5]);
    const stepIdx = m.list(run.id, 'step').filter((p) => p.name === 'loss').map((p) => p.idx);
    expect(stepIdx).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(artifactsRepo(core2.ctx.db).listForRun(run.id, 'checkpoint').map((a) => a.path.slice(-15))).toEqual(
      ['epoch-0001.ckpt', 'epoch-0002.ckpt', 'epoch-0003.ckpt', 'epoch-0004.ckpt', 'epoch-0005.ckpt'],
    );
  });

  it('pause holds the run, resume continues it, cancel stops it', async () => {
    const dir = tempDir();
    const core = open(dir, false, 20);
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    const run = await call(core, 'training.start', { datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, options: { ...sgd, epochs: 20, batchSize: 4, patience: 0 } });
    const sup = core.ctx.services.training;
    await untilCore(core, () => (sup.liveOf(run.id)?.step ?? 0) > 2, 'three training steps');
    await call(core, 'training.pause', { runId: run.id });
    await untilCore(core, () => runsRepo(core.ctx.db).get(run.id)!.status === 'paused', 'the run to report paused');
    const at = sup.liveOf(run.id)!.step;
    const storedAt = runMetricsRepo(core.ctx.db).list(run.id, 'step').length;
    // The worker says 'paused' only once its loop is held at a gate, and 'resumed' when it lets go; its
    // reports arrive in order, so a step taken while held would move the live state before 'resumed'
    // does. Record the live state at every core event from here until a step after resume.
    const states: string[] = [];
    const off = core.ctx.events.subscribe(() => {
      const l = sup.liveOf(run.id);
      if (l) states.push(`${l.status} at step ${l.step}`);
    });
    // Work through the product while the run is held: what the Runs page asks of a paused run.
    const held = await call(core, 'training.metrics', { runId: run.id });
    expect(held.points.length).toBeGreaterThan(0);
    expect(runMetricsRepo(core.ctx.db).list(run.id, 'step').length).toBe(storedAt);
    await call(core, 'training.resume', { runId: run.id });
    await untilCore(core, () => sup.liveOf(run.id)!.step > at, 'a step after resume');
    off();
    // Held at its step until the worker said 'resumed'.
    const resumed = states.indexOf(`running at step ${at}`);
    expect(resumed, states.join(', ')).toBeGreaterThanOrEqual(0);
    expect(states.slice(0, resumed).every((x) => x === `paused at step ${at}`), states.join(', ')).toBe(true);
    const back = await call(core, 'training.metrics', { runId: run.id });
    expect(back.points.length).toBeGreaterThan(0);
    await call(core, 'training.cancel', { runId: run.id });
    expect((await sup.finished(run.id)).status).toBe('cancelled');
    // Then it went on from the next step: every step stored once, none skipped across the pause.
    const steps = runMetricsRepo(core.ctx.db).list(run.id, 'step').filter((p) => p.name === 'loss').map((p) => p.idx);
    expect(steps.length).toBeGreaterThan(at);
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
  });

  it('a failing training process fails the run with a readable reason and leaves the core running', async () => {
    const dir = tempDir();
    const core = open(dir);
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    core.ctx.db.prepare('UPDATE backbones SET path = ? WHERE id = ?').run('/nonexistent/backbone', backboneId);
    const run = await call(core, 'training.start', { datasetId: ds.datasetId, backboneId, options: { epochs: 1 } });
    const done = await core.ctx.services.training.finished(run.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/nonexistent/);
    expect((await core.service.call('system.ping', { echo: 'still here' }, { transport: 'websocket' })).ok).toBe(true);
  });
});
