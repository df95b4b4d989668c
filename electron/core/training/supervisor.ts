import { join } from 'node:path';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import type { RunSummary } from '../../../shared/domain/run';
import { trainOptionsSchema } from '../../../shared/domain/train-options';
import { runsRepo } from '../store/repos/runs';
import { runMetricsRepo } from '../store/repos/run-metrics';
import { artifactsRepo } from '../store/repos/artifacts';
import { fromWorkerSchema, type FromWorker, type TrainJob } from './protocol';
import { nodeSpawner, type WorkerSpawner } from '../worker-rpc/process';
import { backboneFor, snapshotPlan } from './plan';
import { readCheckpointMeta } from './checkpoint-meta';
import { recordExit, recordFailure } from './run-end';
import { ensureSpaceReserve } from './space-reserve';
import { removeTempFiles } from './temp-files';
import { initialLive, StepClock, type LiveRun } from './live-state';
import { EMIT_INTERVAL_MS, flushSteps, recordReport, type Active } from './reports';
import { acquireLease, describeOwner, foreignLiveOwner, leaseOwnerOf, type LeaseKeeper } from './run-lease';
import { runLeasesRepo } from '../store/repos/run-leases';

export interface SupervisorOptions {
  spawn?: WorkerSpawner;
  /** Module exporting loadBackbone(dir), passed to the training process (tests: tiny backbones). */
  backboneLoaderModule?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the supervisor says what it could not record (a full disk while a run ends). */
  log?: (msg: string) => void;
}

/**
 * Owns the training processes of this core. The only SQLite writer for runs: the process reports,
 * this records (metrics, checkpoints, status) and fans events out. Never blocks on training.
 * Which run trains when is the scheduler's call (scheduler.ts); this starts what it is told to.
 */
export class TrainingSupervisor {
  private readonly active = new Map<number, Active>();
  private readonly idleListeners: Array<() => void> = [];
  private readonly runs;
  private readonly metrics;
  private readonly artifacts;
  readonly cacheDir: string;

  constructor(
    private readonly ctx: CoreContext,
    leases: LeaseKeeper,
    private readonly opts: SupervisorOptions = {},
  ) {
    this.runs = runsRepo(ctx.db);
    this.metrics = runMetricsRepo(ctx.db);
    this.artifacts = artifactsRepo(ctx.db);
    this.cacheDir = join(ctx.dataDir, 'cache', 'activations');
    // Another core took a run over (this one's heartbeat went stale): stop training it here at once.
    leases.onLost((ids) => {
      for (const id of ids) {
        const a = this.active.get(id);
        if (!a || a.ended || runLeasesRepo(ctx.db).get(id)?.ownerToken === leases.owner.token) continue;
        a.leaseLost = true;
        a.handle.kill('SIGKILL');
      }
    });
  }

  isTraining(): boolean {
    return this.active.size > 0;
  }

  liveOf(runId: number): LiveRun | null {
    return this.active.get(runId)?.live ?? null;
  }

  /** Stores the steps a running run has reported but not yet written, so a read sees them all. */
  flushMetrics(runId: number): void {
    const a = this.active.get(runId);
    if (a) flushSteps(this.metrics, runId, a);
  }

  activeRuns(): LiveRun[] {
    return [...this.active.values()].map((a) => a.live);
  }

  /** Resolves when the run's process has ended (any status). */
  finished(runId: number): Promise<RunSummary> {
    const a = this.active.get(runId);
    return a ? a.done : Promise.resolve(this.mustGet(runId));
  }

  pause(runId: number): RunSummary {
    const a = this.activeOrThrow(runId);
    a.handle.send({ type: 'pause' });
    return this.mustGet(runId);
  }

  /** A paused run continues in place (its process is alive and waiting). */
  continuePaused(runId: number): RunSummary {
    this.activeOrThrow(runId).handle.send({ type: 'resume' });
    return this.mustGet(runId);
  }

  /**
   * Starts the run's training process: from its last checkpoint when it has one, else from the
   * start. Only the scheduler calls this (training/scheduler.ts), which keeps to one process at a
   * time; the check here is the last line of that rule, not the place it is decided.
   */
  launch(runId: number): RunSummary {
    if (this.active.size > 0) throw new StudioError('conflict', `Run ${[...this.active.keys()][0]} is training; run ${runId} must wait for it.`);
    const run = this.mustGet(runId);
    if (run.status === 'completed') throw new StudioError('conflict', `Run ${runId} has already completed.`);
    // Refuses while a live process elsewhere holds the run; from here on this core owns it.
    acquireLease(this.ctx, runId);
    const ck = this.artifacts.listForRun(runId, 'checkpoint').pop();
    if (ck) {
      const meta = readCheckpointMeta(join(this.ctx.dataDir, ck.path));
      // Replayed steps and epochs past the checkpoint are dropped, then written again.
      this.metrics.truncateAfter(runId, meta.epoch, meta.step);
      this.spawnProcess(runId, join(this.ctx.dataDir, ck.path));
    } else {
      this.metrics.truncateAfter(runId, 0, 0);
      this.spawnProcess(runId, null);
    }
    return this.mustGet(runId);
  }

  /** `fn` runs (on a later tick) whenever the last training process has ended: the scheduler starts the next. */
  onIdle(fn: () => void): void {
    this.idleListeners.push(fn);
  }

  cancel(runId: number): RunSummary {
    const a = this.active.get(runId);
    if (!a) {
      const run = this.mustGet(runId);
      const other = foreignLiveOwner(this.ctx, runId);
      if (other) throw new StudioError('conflict', `Run ${runId} is being trained by ${describeOwner(other)}; cancel it there.`);
      if (run.status === 'interrupted' || run.status === 'failed' || run.status === 'paused' || run.status === 'queued') {
        this.runs.setStatus(runId, 'cancelled');
        runLeasesRepo(this.ctx.db).remove(runId);
        this.ctx.events.emit('runs.changed', { runId });
      }
      return this.mustGet(runId);
    }
    a.cancelRequested = true;
    a.handle.send({ type: 'cancel' });
    // A process stuck inside a long kernel cannot hear the message; do not wait for ever.
    setTimeout(() => {
      if (!a.ended) a.handle.kill('SIGKILL');
    }, 5000).unref();
    return this.mustGet(runId);
  }

  /** On shutdown: stop every process; their runs stay resumable (interrupted). */
  async closeAll(): Promise<void> {
    const waits = [...this.active.values()].map((a) => {
      a.closing = true;
      a.handle.kill('SIGKILL');
      return a.done;
    });
    await Promise.all(waits);
  }

  private mustGet(runId: number): RunSummary {
    const r = this.runs.get(runId);
    if (!r) throw new StudioError('not_found', `No run ${runId}.`);
    return r;
  }

  private activeOrThrow(runId: number): Active {
    const a = this.active.get(runId);
    if (!a) {
      const other = foreignLiveOwner(this.ctx, runId);
      if (other) throw new StudioError('conflict', `Run ${runId} is being trained by ${describeOwner(other)}; pause or resume it there.`);
      throw new StudioError('conflict', `Run ${runId} is not training right now (status ${this.mustGet(runId).status}).`);
    }
    return a;
  }

  private spawnProcess(runId: number, resumeFrom: string | null): void {
    if (this.active.has(runId)) throw new StudioError('conflict', `Run ${runId} is already training.`);
    const run = this.mustGet(runId);
    if (run.snapshotId === null || run.backboneId === null) throw new StudioError('conflict', `Run ${runId} lost its snapshot or backbone and cannot train.`);
    // strip(): options stored by an older version may carry keys the schema has since dropped.
    const options = trainOptionsSchema.strip().parse((run.params.options ?? {}) as object);
    const plan = snapshotPlan(this.ctx.db, this.ctx.dataDir, run.snapshotId);
    const backbone = backboneFor(this.ctx.db, run.backboneId);
    const job: TrainJob = {
      runId,
      mode: run.mode,
      labels: plan.labels,
      items: plan.items,
      backbone: { id: backbone.id, dir: backbone.path, weightsHash: backbone.weightsHash, loaderModule: this.opts.backboneLoaderModule },
      options,
      cacheDir: this.cacheDir,
      checkpointDir: join(this.ctx.dataDir, 'runs', String(runId)),
      resumeFrom,
    };
    acquireLease(this.ctx, runId);
    ensureSpaceReserve(this.ctx.dataDir);
    // What a process killed mid-write left (its owner died with it, so nobody swept): this core holds the lease, no process writes there now.
    removeTempFiles(job.checkpointDir);
    // STUDIO_OWNER_PID: the training process ends itself when this process is gone (training/parent-watch.ts).
    const handle = (this.opts.spawn ?? nodeSpawner)('training', { ...this.opts.env, STUDIO_OWNER_PID: String(process.pid) });
    if (handle.pid !== undefined) runLeasesRepo(this.ctx.db).setWorker(runId, leaseOwnerOf(this.ctx).token, handle.pid);
    let resolveDone!: (r: RunSummary) => void;
    const a: Active = {
      handle,
      live: initialLive(runId, options.epochs),
      clock: new StepClock(),
      stepsPerEpoch: 0,
      lastStepEmit: 0,
      lastProgressEmit: 0,
      pendingSteps: [],
      lastStepFlush: 0,
      lastError: null,
      keepCheckpoints: options.keepCheckpoints,
      fatal: null,
      leaseLost: false,
      closing: false,
      ended: false,
      cancelRequested: false,
      done: new Promise<RunSummary>((r) => (resolveDone = r)),
    };
    this.active.set(runId, a);
    this.runs.setStatus(runId, 'running');
    this.runs.clearError(runId);
    this.ctx.events.emit('runs.changed', { runId });
    handle.onMessage((raw) => {
      const parsed = fromWorkerSchema.safeParse(raw);
      // A malformed report is dropped, never trusted; a run taken over elsewhere is no longer this core's to record.
      if (!parsed.success || a.leaseLost || a.fatal) return;
      try {
        this.onReport(runId, a, parsed.data);
      } catch (err) {
        this.onRecordFailure(a, err);
      }
    });
    handle.onExit((e) => this.onExit(runId, a, e.code, e.signal, e.detail, resolveDone));
    handle.send({ type: 'start', job });
  }

  private emitProgress(a: Active, force = false): void {
    const now = Date.now();
    if (!force && now - a.lastProgressEmit < EMIT_INTERVAL_MS) return;
    a.lastProgressEmit = now;
    this.ctx.events.emit('training.progress', { ...a.live });
  }

  private onRecordFailure(a: Active, err: unknown): void {
    recordFailure(a, err);
  }

  private onExit(runId: number, a: Active, code: number | null, signal: string | null, tail: string, resolveDone: (r: RunSummary) => void): void {
    this.active.delete(runId);
    recordExit({ ctx: this.ctx, runs: this.runs, metrics: this.metrics, cacheDir: this.cacheDir, log: this.opts.log ?? (() => {}) }, runId, a, code, signal, tail);
    this.ctx.events.emit('runs.changed', { runId });
    a.live.status = this.mustGet(runId).status;
    this.emitProgress(a, true);
    resolveDone(this.mustGet(runId));
    if (this.active.size === 0) for (const fn of this.idleListeners) queueMicrotask(fn);
  }

  private onReport(runId: number, a: Active, m: FromWorker): void {
    recordReport({ ctx: this.ctx, runs: this.runs, metrics: this.metrics, artifacts: this.artifacts, emitProgress: (x, f) => this.emitProgress(x, f) }, runId, a, m);
  }
}
