import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import type { TrainMode } from '../../../shared/domain/run';
import type { QueueBatch, TrainOptions } from '../../../shared/api/methods/training';
import { runsRepo } from '../store/repos/runs';
import { createSnapshot } from '../datasets/snapshots';
import { backboneFor, snapshotPlan } from './plan';
import { supervisorFor } from './registry';
import type { TrainingSupervisor } from './supervisor';
import { acquireLease, leaseOwnerOf } from './run-lease';
import { runLeasesRepo } from '../store/repos/run-leases';

interface Batch {
  batchId: number;
  datasetId: number;
  snapshotId: number;
  mode: TrainMode;
  runIds: number[];
}

export interface StartManyParams {
  datasetId: number;
  snapshotId?: number;
  backboneIds: string[];
  mode: TrainMode;
  options: TrainOptions;
}

/**
 * "Compare backbones": several runs on one snapshot with the same settings, trained one after
 * another. One training process at a time, whoever started it, so a laptop's memory holds one
 * backbone; every run still reads the shared feature cache. Runs wait in the store as 'queued'.
 */
export class TrainingQueue {
  private readonly batches: Batch[] = [];
  private readonly waiting: number[] = [];
  private nextBatchId = 1;
  /** Set while the pump waits for a training process to end, so only one waiter exists. */
  private waitingForProcess = false;
  private closed = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly sup: TrainingSupervisor,
  ) {}

  startMany(p: StartManyParams): { runIds: number[]; snapshotId: number; batchId: number } {
    // Check every backbone and the snapshot before creating anything: a bad pick queues nothing.
    const backbones = p.backboneIds.map((id) => backboneFor(this.ctx.db, id));
    const snapshotId = p.snapshotId ?? createSnapshot(this.ctx.db, p.datasetId).id;
    const plan = snapshotPlan(this.ctx.db, this.ctx.dataDir, snapshotId);
    const runs = runsRepo(this.ctx.db);
    // A waiting run is leased to this core like a training one, so another face leaves it queued.
    const runIds = this.ctx.db.transaction(() =>
      backbones.map((b) => {
        const id = runs.create({ datasetId: p.datasetId, snapshotId, backboneId: b.id, mode: p.mode, params: { options: p.options, labels: plan.labels } }).id;
        acquireLease(this.ctx, id);
        return id;
      }),
    )();
    const batch: Batch = { batchId: this.nextBatchId++, datasetId: p.datasetId, snapshotId, mode: p.mode, runIds };
    this.batches.push(batch);
    this.waiting.push(...runIds);
    for (const runId of runIds) this.ctx.events.emit('runs.changed', { runId });
    this.pump();
    return { runIds, snapshotId, batchId: batch.batchId };
  }

  /** Whether a batch still has runs waiting or training: a single run started now must queue behind it. */
  busy(): boolean {
    return this.waiting.length > 0 || this.batches.some((b) => b.runIds.some((id) => this.sup.liveOf(id) !== null));
  }

  isWaiting(runId: number): boolean {
    return this.waiting.includes(runId);
  }

  /** Takes a waiting run out of the queue and marks it cancelled; false when it is not waiting. */
  cancelWaiting(runId: number): boolean {
    const i = this.waiting.indexOf(runId);
    if (i < 0) return false;
    this.waiting.splice(i, 1);
    runsRepo(this.ctx.db).setStatus(runId, 'cancelled');
    runLeasesRepo(this.ctx.db).release(runId, leaseOwnerOf(this.ctx).token);
    this.ctx.events.emit('runs.changed', { runId });
    return true;
  }

  list(): QueueBatch[] {
    const runs = runsRepo(this.ctx.db);
    return [...this.batches].reverse().map((b) => ({
      batchId: b.batchId,
      datasetId: b.datasetId,
      snapshotId: b.snapshotId,
      mode: b.mode,
      runs: b.runIds.map((id) => runs.get(id)).filter((r) => r !== undefined),
      waiting: this.waiting.filter((id) => b.runIds.includes(id)),
    }));
  }

  close(): void {
    this.closed = true;
  }

  /** Starts the next waiting run when no training process is alive; else waits for one to end. */
  private pump(): void {
    if (this.closed || this.waitingForProcess || this.waiting.length === 0) return;
    const active = this.sup.activeRuns();
    if (active.length > 0) {
      this.waitingForProcess = true;
      void Promise.race(active.map((a) => this.sup.finished(a.runId))).finally(() => {
        this.waitingForProcess = false;
        this.pump();
      });
      return;
    }
    const runId = this.waiting.shift()!;
    const run = runsRepo(this.ctx.db).get(runId);
    if (run?.status !== 'queued') return this.pump(); // cancelled or started by hand meanwhile
    try {
      // A queued run has no checkpoint: resume launches it from the start.
      this.sup.resume(runId);
    } catch (err) {
      // Its backbone or snapshot went away while it waited: fail this one, carry on with the rest.
      const msg = err instanceof StudioError || err instanceof Error ? err.message : String(err);
      runsRepo(this.ctx.db).setStatus(runId, 'failed', { error: `Could not start: ${msg}` });
      runLeasesRepo(this.ctx.db).release(runId, leaseOwnerOf(this.ctx).token);
      this.ctx.events.emit('runs.changed', { runId });
    }
    this.pump();
  }
}

const queues = new WeakMap<CoreContext, TrainingQueue>();

/** One queue per core, beside its supervisor; it stops starting runs when the core closes. */
export function queueFor(ctx: CoreContext): TrainingQueue {
  let q = queues.get(ctx);
  if (!q) {
    const queue = new TrainingQueue(ctx, supervisorFor(ctx));
    queues.set(ctx, queue);
    ctx.onClose(() => queue.close());
    q = queue;
  }
  return q;
}
