import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../../../electron/core/core';
import { runWorker } from '../../../electron/core/training/worker';
import type { FromWorker, TrainJob } from '../../../electron/core/training/protocol';
import { backboneFor, snapshotPlan } from '../../../electron/core/training/plan';
import { trainOptionsSchema, type TrainOptionsInput } from '../../../shared/domain/train-options';
import type { TrainMode } from '../../../shared/domain/run';
import { tinyLoaderModule } from '../../training/helpers/fixture';

export interface Reference {
  metrics: Record<string, number>;
  epochs: Array<{ epoch: number; metrics: Record<string, number> }>;
}

/**
 * The same run trained locally: the training process's own main (training/worker.ts runWorker) on
 * the coordinator's files, driven in this process so tfjs loads once for every reference run
 * instead of once per spawned process.
 */
export async function trainHere(core: Core, p: { snapshotId: number; backboneId: string; mode: TrainMode; options: TrainOptionsInput }): Promise<Reference> {
  const plan = snapshotPlan(core.ctx.db, core.ctx.dataDir, p.snapshotId);
  const b = backboneFor(core.ctx.db, p.backboneId);
  const scratch = mkdtempSync(join(tmpdir(), 'studio-sweep-ref-'));
  const job: TrainJob = {
    runId: 1,
    mode: p.mode,
    labels: plan.labels,
    items: plan.items,
    backbone: { id: b.id, dir: b.path, weightsHash: b.weightsHash, loaderModule: tinyLoaderModule },
    options: trainOptionsSchema.parse(p.options),
    cacheDir: join(scratch, 'cache'),
    checkpointDir: join(scratch, 'ckpt'),
    resumeFrom: null,
    forcedBackend: 'wasm',
  };
  const out: Reference = { metrics: {}, epochs: [] };
  try {
    await new Promise<void>((resolve, reject) => {
      let deliver: (raw: unknown) => void = () => {};
      let error = '';
      runWorker({
        send: async (m: FromWorker) => {
          if (m.type === 'epoch') out.epochs.push({ epoch: m.epoch, metrics: m.metrics });
          else if (m.type === 'done') out.metrics = m.metrics;
          else if (m.type === 'error') error = m.message;
        },
        onMessage: (fn) => void (deliver = fn),
        exit: (code) => (code === 0 ? resolve() : reject(new Error(`reference training failed: ${error}`))),
      });
      deliver({ type: 'start', job });
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return out;
}
