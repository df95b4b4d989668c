import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import type { ParamsOf } from '../../../shared/api/contract';
import type { Sweep, SweepRun } from '../../../shared/api/methods/sweep';
import { trainOptionsSchema } from '../../../shared/domain/train-options';
import { runsRepo } from '../store/repos/runs';
import { runLeasesRepo } from '../store/repos/run-leases';
import { sweepsRepo, type Manifests, type SweepRow } from '../store/repos/sweeps';
import { createSnapshot } from '../datasets/snapshots';
import { backboneFor, snapshotPlan } from '../training/plan';
import { acquireLease, leaseOwnerOf } from '../training/run-lease';
import type { WorkerSpawner } from '../worker-rpc/process';
import { SweepCoordinator, type CoordinatorStats } from './coordinator';
import { SweepWorker, type SweepWorkerOptions } from './worker';
import { backboneManifest, storeIdOf } from './manifest';

export interface SweepServiceOptions {
  spawn: WorkerSpawner;
  env?: NodeJS.ProcessEnv;
  backboneLoaderModule?: string;
  log(msg: string): void;
}

const ended = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

/**
 * Sweeps of this core: local ones through the scheduler, queued ones through the coordinator this
 * core becomes with sweep.coordinate; and the workers it runs with sweep.work. Built by openCore.
 */
export class SweepService {
  private coordinator: SweepCoordinator | null = null;
  private readonly workers: SweepWorker[] = [];

  constructor(
    private readonly ctx: CoreContext,
    private readonly o: SweepServiceOptions,
  ) {
    // A local sweep's runs are ordinary scheduler runs: their changes are the sweep's changes.
    const relay = (runId: number) => {
      const row = ctx.db.prepare('SELECT s.id, s.queue FROM sweep_runs sr JOIN sweeps s ON s.id = sr.sweep_id WHERE sr.run_id = ?').get(runId) as { id: number; queue: string | null } | undefined;
      if (row && row.queue === null) ctx.events.emit('sweep.changed', { sweepId: row.id, runId });
    };
    ctx.events.on('runs.changed', (p) => relay(p.runId));
    ctx.events.on('training.epoch', (p) => relay(p.runId));
  }

  async create(p: ParamsOf<'sweep.create'>): Promise<Sweep> {
    const options = trainOptionsSchema.parse(p.options ?? {});
    const modes = p.modes ?? ['probe'];
    const seeds = p.seeds ?? 1;
    const backbones = p.backboneIds.map((id) => backboneFor(this.ctx.db, id));
    if (p.queue && this.coordinator?.queueUrl !== p.queue) {
      throw new StudioError('conflict', `This studio is not the coordinator of ${p.queue}: start it with \`studio serve --queue ${p.queue}\` (or sweep.coordinate) first.`);
    }
    const snapshotId = p.snapshotId ?? createSnapshot(this.ctx.db, p.datasetId).id;
    const plan = snapshotPlan(this.ctx.db, this.ctx.dataDir, snapshotId);
    const specs = backbones.flatMap((b) => modes.flatMap((mode) => Array.from({ length: seeds }, (_, k) => ({ backboneId: b.id, mode, seed: options.seed + k }))));
    const sweeps = sweepsRepo(this.ctx.db);
    if (!p.queue) {
      const sweepId = sweeps.create({ datasetId: p.datasetId, snapshotId, queue: null, manifests: {} });
      // One at a time, in this order, through the one scheduler (as Compare several does).
      specs.forEach((s, i) => {
        const run = this.ctx.services.scheduler.start({ datasetId: p.datasetId, snapshotId, backboneId: s.backboneId, mode: s.mode, options: { ...options, seed: s.seed } });
        sweeps.addRun(sweepId, run.id, i, s.seed);
        sweeps.setWorker(run.id, 'local');
      });
      this.ctx.events.emit('sweep.changed', { sweepId });
      return this.get(sweepId);
    }
    // Hashing a backbone's files happens once per sweep, before anything is written.
    const manifests: Manifests = Object.fromEntries(backbones.map((b) => [b.id, backboneManifest(b.path)]));
    const runs = runsRepo(this.ctx.db);
    const sweepId = this.ctx.db.transaction(() => {
      const id = sweeps.create({ datasetId: p.datasetId, snapshotId, queue: p.queue!, manifests });
      specs.forEach((s, i) => {
        const run = runs.create({ datasetId: p.datasetId, snapshotId, backboneId: s.backboneId, mode: s.mode, params: { options: { ...options, seed: s.seed }, labels: plan.labels, sweepId: id } });
        acquireLease(this.ctx, run.id);
        sweeps.addRun(id, run.id, i, s.seed);
      });
      return id;
    })();
    const row = sweeps.get(sweepId)!;
    await this.coordinator!.enqueue(row, sweeps.runs(sweepId).map((r) => r.runId));
    for (const r of sweeps.runs(sweepId)) this.ctx.events.emit('runs.changed', { runId: r.runId });
    this.ctx.events.emit('sweep.changed', { sweepId });
    return this.get(sweepId);
  }

  list(): Sweep[] {
    return sweepsRepo(this.ctx.db).list().map((s) => this.view(s));
  }

  get(sweepId: number): Sweep {
    const s = sweepsRepo(this.ctx.db).get(sweepId);
    if (!s) throw new StudioError('not_found', `No sweep ${sweepId}.`);
    return this.view(s);
  }

  async cancel(sweepId: number): Promise<Sweep> {
    const s = sweepsRepo(this.ctx.db).get(sweepId);
    if (!s) throw new StudioError('not_found', `No sweep ${sweepId}.`);
    const runs = runsRepo(this.ctx.db);
    const open = sweepsRepo(this.ctx.db)
      .runs(sweepId)
      .map((r) => r.runId)
      .filter((id) => !ended.has(runs.get(id)?.status ?? 'completed'));
    if (s.queue === null) {
      for (const id of open) this.ctx.services.scheduler.cancel(id);
      return this.get(sweepId);
    }
    if (this.coordinator?.queueUrl !== s.queue) throw new StudioError('conflict', `Sweep ${sweepId} runs on ${s.queue}, which this studio does not coordinate now.`);
    await this.coordinator.cancel(open);
    // Cancelled now in the store; a worker's late report of the same run is ignored (the run has ended).
    this.ctx.db.transaction(() => {
      for (const id of open) {
        runs.setStatus(id, 'cancelled');
        runLeasesRepo(this.ctx.db).release(id, leaseOwnerOf(this.ctx).token);
      }
    })();
    for (const id of open) this.ctx.events.emit('runs.changed', { runId: id });
    this.ctx.events.emit('sweep.changed', { sweepId });
    return this.get(sweepId);
  }

  async coordinate(p: ParamsOf<'sweep.coordinate'>): Promise<{ queue: string; url: string; token: string }> {
    if (this.coordinator) {
      if (this.coordinator.queueUrl === p.queue) return { queue: p.queue, url: this.coordinator.url, token: this.coordinator.token };
      throw new StudioError('conflict', `This studio already coordinates ${this.coordinator.queueUrl}.`);
    }
    this.coordinator = await SweepCoordinator.attach(
      this.ctx,
      storeIdOf(this.ctx.dataDir),
      { queue: p.queue, host: p.host ?? '127.0.0.1', port: p.port ?? 0, ...(p.token ? { token: p.token } : {}), ...(p.advertiseHost ? { advertiseHost: p.advertiseHost } : {}) },
      this.o.log,
    );
    return { queue: p.queue, url: this.coordinator.url, token: this.coordinator.token };
  }

  /** Starts a worker in this core; `extra` is for tests (an old version, short locks). */
  work(p: ParamsOf<'sweep.work'>, extra: Partial<Pick<SweepWorkerOptions, 'version' | 'lockMs' | 'refuseBackoffMs'>> = {}): { name: string } {
    const w = new SweepWorker(this.ctx, {
      queue: p.queue,
      token: p.token,
      concurrency: p.concurrency ?? 1,
      lockMs: p.lockMs ?? 30_000,
      ...(p.name ? { name: p.name } : {}),
      ...extra,
      spawn: this.o.spawn,
      ...(this.o.env ? { env: this.o.env } : {}),
      ...(this.o.backboneLoaderModule ? { backboneLoaderModule: this.o.backboneLoaderModule } : {}),
      log: this.o.log,
    });
    w.start();
    this.workers.push(w);
    return { name: w.name };
  }

  /** The coordinator's own time (applying results, adding jobs), or null when this core coordinates nothing. */
  coordinatorStats(): CoordinatorStats | null {
    return this.coordinator ? { ...this.coordinator.stats } : null;
  }

  async close(): Promise<void> {
    for (const w of this.workers.splice(0)) await w.close();
    await this.coordinator?.close();
    this.coordinator = null;
  }

  private view(s: SweepRow): Sweep {
    const runs = runsRepo(this.ctx.db);
    const lastEpoch = this.ctx.db.prepare("SELECT MAX(idx) AS e FROM run_metrics WHERE run_id = ? AND scope = 'epoch'");
    const out: SweepRun[] = sweepsRepo(this.ctx.db)
      .runs(s.id)
      .flatMap((r) => {
        const run = runs.get(r.runId);
        if (!run) return [];
        const epochs = Number((run.params.options as { epochs?: number } | undefined)?.epochs ?? 0);
        const epoch = s.queue === null ? ((lastEpoch.get(r.runId) as { e: number | null }).e ?? 0) : r.epoch;
        return [
          {
            runId: r.runId,
            backbone: run.backboneId ?? '',
            mode: run.mode,
            seed: r.seed,
            status: run.status,
            metrics: run.metrics,
            worker: s.queue === null ? 'local' : r.worker,
            backend: s.queue === null ? run.backend : (r.backend ?? run.backend),
            epoch,
            epochs,
            attempts: s.queue === null ? (run.startedAt ? 1 : 0) : r.attempts,
            resumedFromEpoch: r.resumedFromEpoch,
            reason: run.status === 'failed' ? (run.error ?? r.reason) : r.reason,
            refusals: r.refusals,
          },
        ];
      });
    return { sweepId: s.id, datasetId: s.datasetId, snapshotId: s.snapshotId, queue: s.queue, createdAt: s.createdAt, done: out.every((r) => ended.has(r.status)), runs: out };
  }
}
