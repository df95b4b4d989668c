import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/core';
import { untilCore } from './helpers/until';
import { runsRepo } from '../../electron/core/store/repos/runs';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule } from './helpers/fixture';
import type { MethodName, ParamsOf, ResultOf } from '../../shared/api/contract';
import { clientFor } from '../helpers/client';

const cores: Core[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

/** The one typed client over a core. */
const call = <M extends MethodName>(core: Core, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => clientFor(core).call(method, params);

describe('training.pause / training.resume say what happened', () => {
  it('pause returns the run paused, resume returns it running (not the status from before)', async () => {
    const dir = tempDir();
    const core = openCore({ dataDir: dir, workers: { backboneLoaderModule: tinyLoaderModule, env: { STUDIO_BACKEND: 'wasm', STUDIO_TRAIN_STEP_DELAY_MS: '20' } } });
    // Slow steps (STUDIO_TRAIN_STEP_DELAY_MS) so the run is mid-epoch when paused.
    cores.push(core);
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    const run = await call(core, 'training.start', { datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, options: { headSolver: 'sgd', minSteps: 0, epochs: 20, batchSize: 4, patience: 0 } }); // the epoch-by-epoch head: the exact probe fits in one go, with nothing to pause
    const sup = core.ctx.services.training;
    await untilCore(core, () => (sup.liveOf(run.id)?.step ?? 0) > 2, 'three training steps');

    const paused = await call(core, 'training.pause', { runId: run.id });
    expect(paused.status).toBe('paused');
    expect(runsRepo(core.ctx.db).get(run.id)!.status).toBe('paused');
    const resumed = await call(core, 'training.resume', { runId: run.id });
    expect(resumed.status).toBe('running');
    await call(core, 'training.cancel', { runId: run.id });
    expect((await sup.finished(run.id)).status).toBe('cancelled');
  }, 60_000);
});
