/*
 * Distributed sweeps: design.
 *
 * A sweep is backbones × modes × seeds on one dataset snapshot. Locally its runs go through the
 * one scheduler (one training process at a time, as Compare several does). On a queue they are
 * fanned out to workers through BullMQ on Redis; this file is the coordinator's side.
 *
 * - The coordinator is a studio core (`studio sweep --queue` for the command's duration, or
 *   `studio serve --queue`) and stays the ONLY writer of its SQLite store. It creates the runs
 *   (status queued, leased by this core as local runs are) and adds one BullMQ job per run, with the
 *   run's id as the job id (adding it again is a no-op).
 * - A job is a run spec: snapshot items by content hash (texts inline), labels, the backbone's id,
 *   weights hash and files by content hash, mode, options with the seed, the run id, the store's id
 *   and the coordinator's version, and `resume` (the last uploaded checkpoint, written by workers).
 * - Workers (worker.ts; `studio worker --queue … --token …`) open their own core on their own data
 *   folder, fetch items and backbone files BY HASH from the coordinator's data server (blob-server.ts:
 *   Bearer token, the same token model as browser mode), cache them by hash, and train through the
 *   ordinary training process (training/worker.ts via the worker spawner): there is no second
 *   trainer. They report back on a results queue: started, backend, each epoch (with its
 *   checkpoint, uploaded first), done (with the model, uploaded first), failed, refused.
 * - The coordinator consumes the results queue with one BullMQ worker (concurrency 1, so in order)
 *   and applies each result (apply.ts) into runs / run_metrics / artifacts, emitting runs.changed,
 *   training.epoch and training.progress like a local run. A (run, epoch) row makes every epoch
 *   land exactly once; results sent while the coordinator was down wait in Redis and are applied
 *   when it comes back (sweep.coordinate on the same queue takes the unfinished sweeps over).
 * - Faults: a worker killed mid-run stops renewing its job's lock; BullMQ's stalled-job check puts
 *   the job back and another worker takes it, resuming from `resume` (the epoch checkpoint the dead
 *   worker uploaded). A worker that cannot run a job (another version) says why ('refused', kept on
 *   the run) and hands it back to the queue without using up an attempt. Cancel removes waiting jobs
 *   and tells workers over Redis pub/sub (and a set, for one that missed the message).
 * - Frozen-trunk features: a worker that computed them uploads a pack named by what determines them
 *   (weights hash, cut, preprocessing-relevant options, item hashes); the next worker fetches it
 *   into its feature cache and skips the trunk.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Queue, Worker as BullWorker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import { newAccessToken } from '../server/token';
import { runsRepo } from '../store/repos/runs';
import { sweepsRepo, type SweepRow } from '../store/repos/sweeps';
import { acquireLease } from '../training/run-lease';
import { snapshotPlan } from '../training/plan';
import { startBlobServer, type BlobServer } from './blob-server';
import { applyResult } from './apply';
import { cancelChannel, cancelledSetKey, coordinatorUrlKey, jobIdOf, jobsQueueName, resultsQueueName, sweepResultSchema, type SweepJob } from './protocol';
import { bullmq, ioredis } from './queue-lib';
import { redisConnection } from './redis';

export interface CoordinateOptions {
  queue: string;
  token?: string;
  host: string;
  port: number;
  advertiseHost?: string;
}

/** How many times a job may fail outright (a refusal or a lost worker does not count as one). */
const jobAttempts = 3;

/** What the coordinator spent on its own work (bench sweep reports it per run). */
export interface CoordinatorStats {
  results: number;
  applySeconds: number;
  jobs: number;
  enqueueSeconds: number;
}

export class SweepCoordinator {
  private readonly blobDir: string;
  private constructor(
    private readonly ctx: CoreContext,
    readonly queueUrl: string,
    readonly token: string,
    readonly url: string,
    private readonly storeId: string,
    private readonly jobs: Queue,
    private readonly results: BullWorker,
    private readonly redis: Redis,
    private readonly server: BlobServer,
    readonly stats: CoordinatorStats,
  ) {
    this.blobDir = join(ctx.dataDir, 'sweep', 'blobs');
  }

  static async attach(ctx: CoreContext, storeId: string, o: CoordinateOptions, log: (m: string) => void): Promise<SweepCoordinator> {
    const token = o.token ?? newAccessToken();
    const uploadDir = join(ctx.dataDir, 'sweep');
    const blobDir = join(uploadDir, 'blobs');
    const { Queue, Worker: BullWorker } = bullmq();
    const { Redis } = ioredis();
    const redis = new Redis(o.queue, { maxRetriesPerRequest: null, lazyConnect: true });
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new StudioError('unavailable', `Cannot reach the queue at ${o.queue}: ${err instanceof Error ? err.message : String(err)}. Is redis-server running there?`);
    }
    const server = await startBlobServer({
      host: o.host,
      port: o.port,
      advertiseHost: o.advertiseHost ?? (o.host === '0.0.0.0' || o.host === '::' ? hostname() : o.host),
      token,
      uploadDir,
      resolve: (sha) => resolveBlob(ctx, o.queue, sha),
      log,
    });
    await redis.set(coordinatorUrlKey, server.url);
    const jobs = new Queue(jobsQueueName, { connection: redisConnection(o.queue) });
    const stats: CoordinatorStats = { results: 0, applySeconds: 0, jobs: 0, enqueueSeconds: 0 };
    const results = new BullWorker(
      resultsQueueName,
      async (job) => {
        const parsed = sweepResultSchema.safeParse(job.data);
        // Malformed or another store's: dropped, never trusted (another coordinator would also drop ours).
        if (!parsed.success || parsed.data.storeId !== storeId) return;
        const t = performance.now();
        applyResult(ctx, blobDir, parsed.data);
        stats.results++;
        stats.applySeconds += (performance.now() - t) / 1000;
      },
      { connection: redisConnection(o.queue), concurrency: 1, autorun: false },
    );
    const c = new SweepCoordinator(ctx, o.queue, token, server.url, storeId, jobs, results, redis, server, stats);
    await c.adopt();
    void results.run();
    return c;
  }

  /** Adds a job per run (a run whose job exists already is left as it is). */
  async enqueue(sweep: SweepRow, runIds: readonly number[]): Promise<void> {
    const t = performance.now();
    for (const runId of runIds) {
      const id = jobIdOf(this.storeId, runId);
      const existing = await this.jobs.getJob(id);
      if (existing && !(await existing.isFailed())) continue;
      if (existing) await existing.remove();
      await this.jobs.add('train', this.jobOf(sweep, runId), { jobId: id, attempts: jobAttempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: false });
      this.stats.jobs++;
    }
    this.stats.enqueueSeconds += (performance.now() - t) / 1000;
  }

  /** Waiting jobs leave the queue; workers training one are told to stop (they report it cancelled). */
  async cancel(runIds: readonly number[]): Promise<void> {
    for (const runId of runIds) {
      const key = jobIdOf(this.storeId, runId);
      await this.redis.sadd(cancelledSetKey, key);
      await this.redis.publish(cancelChannel, key);
      const job = await this.jobs.getJob(key);
      // An active job is locked by its worker: that worker ends it when it hears the cancel.
      if (job && !(await job.isActive())) await job.remove().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.results.close();
    await this.jobs.close();
    await this.server.close();
    this.redis.disconnect();
  }

  /**
   * Takes over this queue's unfinished sweeps after a restart: the runs the last coordinator left
   * (marked interrupted when this core opened, since their owner was gone) are leased by this core
   * again and their jobs re-added if Redis lost them; results they sent meanwhile are in the results
   * queue and are applied next.
   */
  private async adopt(): Promise<void> {
    const sweeps = sweepsRepo(this.ctx.db);
    const runs = runsRepo(this.ctx.db);
    for (const s of sweeps.listByQueue(this.queueUrl)) {
      const open = sweeps.runs(s.id).filter((r) => {
        const st = runs.get(r.runId)?.status;
        return st === 'queued' || st === 'running' || st === 'interrupted' || st === 'paused';
      });
      if (open.length === 0) continue;
      for (const r of open) {
        acquireLease(this.ctx, r.runId);
        runs.setStatus(r.runId, r.attempts > 0 ? 'running' : 'queued');
        runs.clearError(r.runId);
        this.ctx.events.emit('runs.changed', { runId: r.runId });
      }
      await this.enqueue(s, open.map((r) => r.runId));
      this.ctx.events.emit('sweep.changed', { sweepId: s.id });
    }
  }

  private jobOf(sweep: SweepRow, runId: number): SweepJob {
    const run = runsRepo(this.ctx.db).get(runId)!;
    const plan = snapshotPlan(this.ctx.db, this.ctx.dataDir, sweep.snapshotId);
    const files = sweep.manifests[run.backboneId!];
    if (!files) throw new StudioError('conflict', `Sweep ${sweep.id} has no file list for backbone ${run.backboneId}.`);
    const weightsHash = (this.ctx.db.prepare('SELECT weights_hash AS h FROM backbones WHERE id = ?').get(run.backboneId) as { h: string } | undefined)?.h ?? '';
    return {
      storeId: this.storeId,
      sweepId: sweep.id,
      runId,
      version: this.ctx.version,
      mode: run.mode,
      labels: plan.labels,
      items: plan.items.map((it) => ({ itemId: it.itemId, contentHash: it.contentHash, label: it.label, subset: it.subset, hasBlob: it.path !== undefined, ...(it.text !== undefined ? { text: it.text } : {}) })),
      backbone: { id: run.backboneId!, weightsHash, files },
      options: run.params.options as SweepJob['options'],
      resume: null,
      starts: 0,
    };
  }
}

/** A file this store holds under a hash: an item's blob, or a file of a backbone one of the queue's sweeps uses. */
function resolveBlob(ctx: CoreContext, queue: string, sha: string): string | null {
  const item = ctx.db.prepare('SELECT blob_path AS p FROM items WHERE content_hash = ? AND blob_path IS NOT NULL LIMIT 1').get(sha) as { p: string } | undefined;
  if (item) return join(ctx.dataDir, item.p);
  for (const s of sweepsRepo(ctx.db).listByQueue(queue))
    for (const [backboneId, files] of Object.entries(s.manifests)) {
      const f = files.find((x) => x.sha256 === sha);
      if (!f) continue;
      const b = ctx.db.prepare('SELECT path FROM backbones WHERE id = ?').get(backboneId) as { path: string } | undefined;
      if (b) return join(b.path, f.name);
    }
  return null;
}
