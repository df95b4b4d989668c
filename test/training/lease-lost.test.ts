import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/core';
import { runsRepo } from '../../electron/core/store/repos/runs';
import { runLeasesRepo } from '../../electron/core/store/repos/run-leases';
import type { WorkerExit, WorkerProcess } from '../../electron/core/worker-rpc/process';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule } from './helpers/fixture';
import { killAll, pidAlive } from './helpers/procs';

const cores: Core[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
  killAll();
  delete process.env.STUDIO_LEASE_STALE_MS;
});

describe('a run taken over elsewhere', () => {
  it('stops here at the next heartbeat, and this core writes nothing more for it', async () => {
    // Short stale time: the keeper beats every ~100 ms.
    process.env.STUDIO_LEASE_STALE_MS = '600';
    const dir = tempDir();
    const core = openCore({ dataDir: dir, workers: { backboneLoaderModule: tinyLoaderModule, env: { STUDIO_BACKEND: 'wasm', STUDIO_TRAIN_STEP_DELAY_MS: '30' } } });
    cores.push(core);
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    const sup = core.ctx.services.training;
    let worker = 0;
    let tookOver = false;
    // Once the run is training, another core (a stand-in: a lease row with another token) takes it over.
    core.ctx.events.subscribe((e, p) => {
      if (tookOver || e !== 'training.step') return;
      tookOver = true;
      const runId = (p as { runId: number }).runId;
      worker = runLeasesRepo(core.ctx.db).get(runId)!.workerPid!;
      core.ctx.db.prepare("UPDATE run_leases SET owner_token = 'someone-else', owner_pid = 1, heartbeat_ms = ? WHERE run_id = ?").run(Date.now() + 600_000, runId);
      core.ctx.db.prepare("UPDATE runs SET status = 'running', error = 'theirs' WHERE id = ?").run(runId);
    });
    const run = core.ctx.services.scheduler.start({ datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, mode: 'probe', options: { headSolver: 'sgd', minSteps: 0, validation: 'split', batchSize: 4, patience: 0, epochs: 200 } as never });
    const ended = await sup.finished(run.id);
    expect(tookOver).toBe(true);
    expect(pidAlive(worker)).toBe(false);
    // The new owner's record stands: no 'interrupted' written over it.
    expect(ended).toMatchObject({ status: 'running', error: 'theirs' });
    expect(runsRepo(core.ctx.db).get(run.id)!.status).toBe('running');
    expect(runLeasesRepo(core.ctx.db).get(run.id)!.ownerToken).toBe('someone-else');
  }, 60_000);
});

describe('closing the core', () => {
  it('records its runs as interrupted even when the process manager reports no signal (utilityProcess)', async () => {
    const dir = tempDir();
    let exit: ((e: WorkerExit) => void) | null = null;
    // A stand-in for Electron's utilityProcess handle: killed, it exits with a code and no signal.
    const spawn = (): WorkerProcess => ({
      pid: undefined,
      send: () => {},
      onMessage: () => {},
      onExit: (fn) => void (exit = fn),
      kill: () => setImmediate(() => exit?.({ code: 1, signal: null, detail: '' })),
    });
    const core = openCore({ dataDir: dir, workers: { spawn } });
    cores.push(core);
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    const run = core.ctx.services.scheduler.start({ datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, mode: 'probe', options: {} as never });
    await core.ctx.services.training.closeAll();
    expect(runsRepo(core.ctx.db).get(run.id)!.status).toBe('interrupted');
    expect(runLeasesRepo(core.ctx.db).get(run.id)).toBeUndefined();
  });
});
