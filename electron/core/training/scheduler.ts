import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import type { RunSummary, TrainMode } from '../../../shared/domain/run';
import type { QueueBatch } from '../../../shared/api/methods/training';
import type { TrainOptions } from '../../../shared/domain/train-options';
import { runsRepo } from '../store/repos/runs';
import { runLeasesRepo } from '../store/repos/run-leases';
import { createSnapshot } from '../datasets/snapshots';
import { backboneFor, snapshotPlan } from './plan';
import type { TrainingSupervisor } from './supervisor';
import { acquireLease, foreignLiveOwner, type LeaseKeeper } from './run-lease';

interface Batch {
  batchId: number;
  datasetId: number;
  snapshotId: number;
  mode: TrainMode;
  runIds: number[];
}

export interface StartParams {
  datasetId: number;
  snapshotId?: number;
  backboneId: string;
  mode: TrainMode;
  options: TrainOptions;
}

export type StartManyParams = Omit<StartParams, 'backboneId'> & { backboneIds: string[] };

/**
 * Decides which run trains when: every start, resume and Compare batch comes here, and one training
 * process runs at a time, whoever asked (so a laptop's memory holds one backbone; every run still
 * reads the shared feature cache). A run that cannot start now waits, in order, with status
 * 'queued' and this core's lease, so another face leaves it alone. The supervisor (supervisor.ts)
 * runs the process it is handed and says when it is idle again.
 */
export class TrainingScheduler {
  private readonly batches: Batch[] = [];
  private readonly waiting: number[] = [];
  private nextBatchId = 1;
  private closed = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly training: TrainingSupervisor,
    private readonly leases: LeaseKeeper,
  ) {
    training.onIdle(() => this.pump());
  }

  /** A new run on the dataset (a fresh snapshot unless one is named): it trains now, or waits its turn. */
  start(p: StartParams): RunSummary {
    const [runId] = this.createRuns({ ...p, backboneIds: [p.backboneId] }).runIds;
    this.enqueue([runId!]);
    return this.mustGet(runId!);
  }

  /** "Compare backbones": several runs on one snapshot with the same settings, trained one after another. */
  startMany(p: StartManyParams): { runIds: number[]; snapshotId: number; batchId: number } {
    const { runIds, snapshotId } = this.createRuns(p);
    const batch: Batch = { batchId: this.nextBatchId++, datasetId: p.datasetId, snapshotId, mode: p.mode, runIds };
    this.batches.push(batch);
    this.enqueue(runIds);
    return { runIds, snapshotId, batchId: batch.batchId };
  }

  /**
   * A paused run continues in place; an interrupted, failed or cancelled one goes back in line and
   * restarts from its last checkpoint when its turn comes (at once when nothing trains).
   */
  resume(runId: number): RunSummary {
    if (this.training.liveOf(runId)) return this.training.continuePaused(runId);
    const run = this.mustGet(runId);
    if (this.waiting.includes(runId)) throw new StudioError('conflict', `Run ${runId} is waiting in the queue; it starts when the runs before it have finished.`);
    if (run.status === 'completed') throw new StudioError('conflict', `Run ${runId} has already completed.`);
    // Refuses while a live process elsewhere holds the run; from here on this core owns it.
    acquireLease(this.ctx, runId);
    if (run.snapshotId === null || run.backboneId === null) throw new StudioError('conflict', `Run ${runId} lost its snapshot or backbone and cannot train.`);
    this.runs().setStatus(runId, 'queued');
    this.enqueue([runId]);
    return this.mustGet(runId);
  }

  pause(runId: number): RunSummary {
    return this.training.pause(runId);
  }

  /** A waiting run leaves the queue, cancelled; a training one is asked to stop. */
  cancel(runId: number): RunSummary {
    const i = this.waiting.indexOf(runId);
    if (i < 0) return this.training.cancel(runId);
    this.waiting.splice(i, 1);
    this.runs().setStatus(runId, 'cancelled');
    runLeasesRepo(this.ctx.db).release(runId, this.leases.owner.token);
    this.ctx.events.emit('runs.changed', { runId });
    return this.mustGet(runId);
  }

  isWaiting(runId: number): boolean {
    return this.waiting.includes(runId);
  }

  /** Runs of this core that train now or wait: a run among them cannot be deleted or cleaned. */
  holds(runId: number): boolean {
    return this.waiting.includes(runId) || this.training.liveOf(runId) !== null;
  }

  /** Resolves with the run once it is neither waiting nor training here (any status it ended in). */
  finished(runId: number): Promise<RunSummary> {
    if (!this.waiting.includes(runId)) return this.training.finished(runId);
    return new Promise((resolve, reject) => {
      const off = this.ctx.events.on('runs.changed', (p) => {
        if (p.runId !== runId || this.waiting.includes(runId)) return;
        off();
        // Launched (wait for its process) or dropped from the line (cancelled, failed to start).
        this.training.finished(runId).then(resolve, reject);
      });
    });
  }

  list(): QueueBatch[] {
    const runs = this.runs();
    return [...this.batches].reverse().map((b) => ({
      batchId: b.batchId,
      datasetId: b.datasetId,
      snapshotId: b.snapshotId,
      mode: b.mode,
      runs: b.runIds.map((id) => runs.get(id)).filter((r) => r !== undefined),
      waiting: this.waiting.filter((id) => b.runIds.includes(id)),
    }));
  }

  /** On shutdown: nothing more starts; waiting runs stay 'queued' and the next core marks them interrupted. */
  close(): void {
    this.closed = true;
  }

  private runs() {
    return runsRepo(this.ctx.db);
  }

  private mustGet(runId: number): RunSummary {
    const r = this.runs().get(runId);
    if (!r) throw new StudioError('not_found', `No run ${runId}.`);
    return r;
  }

  /** Checks every backbone and the snapshot before creating anything: a bad pick queues nothing. */
  private createRuns(p: StartManyParams): { runIds: number[]; snapshotId: number } {
    const backbones = p.backboneIds.map((id) => backboneFor(this.ctx.db, id));
    // Same content → same snapshot (the datasets domain decides); a run never trains on live labels.
    const snapshotId = p.snapshotId ?? createSnapshot(this.ctx.db, p.datasetId).id;
    const plan = snapshotPlan(this.ctx.db, this.ctx.dataDir, snapshotId);
    const runs = this.runs();
    // Created and leased together: another face's recovery never sees one ownerless.
    const runIds = this.ctx.db.transaction(() =>
      backbones.map((b) => {
        const id = runs.create({ datasetId: p.datasetId, snapshotId, backboneId: b.id, mode: p.mode, params: { options: p.options, labels: plan.labels } }).id;
        acquireLease(this.ctx, id);
        return id;
      }),
    )();
    return { runIds, snapshotId };
  }

  private enqueue(runIds: number[]): void {
    this.waiting.push(...runIds);
    for (const runId of runIds) this.ctx.events.emit('runs.changed', { runId });
    this.pump();
  }

  /** Starts the next waiting run when no training process is alive; the supervisor calls again when one ends. */
  private pump(): void {
    while (!this.closed && !this.training.isTraining() && this.waiting.length > 0) {
      const runId = this.waiting.shift()!;
      if (this.runs().get(runId)?.status !== 'queued') continue; // cancelled or deleted meanwhile
      // Taken over by another face while it waited (this core's heartbeat went stale): theirs to record.
      if (foreignLiveOwner(this.ctx, runId)) continue;
      try {
        this.training.launch(runId);
      } catch (err) {
        // Its backbone or snapshot went away while it waited: fail this one, carry on with the rest.
        const msg = err instanceof Error ? err.message : String(err);
        this.runs().setStatus(runId, 'failed', { error: `Could not start: ${msg}` });
        runLeasesRepo(this.ctx.db).release(runId, this.leases.owner.token);
        this.ctx.events.emit('runs.changed', { runId });
      }
    }
  }
}
