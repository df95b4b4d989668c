import { rmSync } from 'node:fs';
import { openCore, type Core } from '../../../electron/core/core';
import { clientFor } from '../../helpers/client';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule } from '../../training/helpers/fixture';
import { untilCore } from '../../training/helpers/until';
import type { Sweep } from '../../../shared/api/methods/sweep';
import type { TrainOptionsInput } from '../../../shared/domain/train-options';

/**
 * Tiny runs with an epoch loop (an SGD head, no minimum step count), so each run reports epochs
 * and checkpoints as a real one does, in about a second on wasm.
 */
export const sweepOptions: TrainOptionsInput = { epochs: 2, headSolver: 'sgd', minSteps: 0, augmentViews: 1, patience: 0, validation: 'split', keepCheckpoints: 0, batchSize: 8 };

/** Figures that depend on the machine or on what was cached, not on the training: left out of equality. */
export const machineKeys = ['trunkSeconds', 'headSeconds', 'cacheHits', 'trunkComputations', 'numTensors', 'seconds'];
export const trainingFigures = (m: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(m).filter(([k]) => !machineKeys.includes(k) && !/seconds/i.test(k)));

export interface Cores {
  dirs: string[];
  cores: Core[];
  open(dir?: string | { env?: NodeJS.ProcessEnv }): Core;
  closeAll(): Promise<void>;
}

/** Cores on temp folders (each its own data folder), closed and deleted at the end. */
export function coreSet(env: NodeJS.ProcessEnv = {}): Cores {
  const dirs: string[] = [];
  const cores: Core[] = [];
  return {
    dirs,
    cores,
    open(arg?: string | { env?: NodeJS.ProcessEnv }) {
      const d = typeof arg === 'string' ? arg : tempDir('studio-sweep-');
      const extra = typeof arg === 'object' ? (arg.env ?? {}) : {};
      if (!dirs.includes(d)) dirs.push(d);
      const core = openCore({ dataDir: d, workers: { backboneLoaderModule: tinyLoaderModule, env: { STUDIO_BACKEND: 'wasm', ...env, ...extra } } });
      cores.push(core);
      return core;
    },
    async closeAll() {
      while (cores.length) await cores.pop()!.close();
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** The coordinator's store: a 3-class pattern dataset and two tiny backbones. */
export async function seedCoordinator(core: Core): Promise<{ datasetId: number; snapshotId: number; backbones: string[] }> {
  const ds = await seedImageDataset(core.ctx.db, core.ctx.dataDir);
  const backbones = [addTinyBackbone(core.ctx.db, core.ctx.dataDir, 'resnet'), addTinyBackbone(core.ctx.db, core.ctx.dataDir, 'vit')];
  return { datasetId: ds.datasetId, snapshotId: ds.snapshotId, backbones };
}

export async function sweepDone(core: Core, sweepId: number, timeoutMs = 60_000): Promise<Sweep> {
  const api = clientFor(core);
  let last: Sweep | null = null;
  await untilCore(
    core,
    () => {
      last = core.ctx.services.sweeps.get(sweepId);
      return last.done;
    },
    `sweep ${sweepId} to end`,
    { timeoutMs },
  );
  return api.call('sweep.get', { sweepId });
}

/** Epoch rows per run in the store: (run, epoch) → how many metric rows named val_loss / how many guard rows. */
export function epochCounts(core: Core, runId: number): { metricRows: number[]; guardRows: number[] } {
  const m = core.ctx.db.prepare("SELECT idx, COUNT(*) AS n FROM run_metrics WHERE run_id = ? AND scope = 'epoch' AND name = 'valLoss' GROUP BY idx ORDER BY idx").all(runId) as Array<{ idx: number; n: number }>;
  const g = core.ctx.db.prepare('SELECT epoch FROM sweep_epochs WHERE run_id = ? ORDER BY epoch').all(runId) as Array<{ epoch: number }>;
  return { metricRows: m.map((r) => r.n), guardRows: g.map((r) => r.epoch) };
}
