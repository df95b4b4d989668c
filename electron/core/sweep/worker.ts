import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import type { Queue, Worker as BullWorker, Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CoreContext } from '../context';
import { fromWorkerSchema, type FromWorker, type TrainJob } from '../training/protocol';
import { describeExit } from '../training/run-end';
import type { WorkerProcess, WorkerSpawner } from '../worker-rpc/process';
import { createTransfer, type Transfer } from './transfer';
import { manifestHash, sha256File } from './manifest';
import { entriesSince, featurePackKey, packEntries, unpackEntries } from './feature-pack';
import { cancelChannel, cancelledSetKey, coordinatorUrlKey, jobIdOf, jobsQueueName, resultsQueueName, sweepJobSchema, type SweepJob, type SweepResult } from './protocol';
import { bullmq, ioredis } from './queue-lib';
import { redisConnection } from './redis';

export interface SweepWorkerOptions {
  queue: string;
  token: string;
  concurrency: number;
  name?: string;
  /** The version this worker claims; the core's own unless a test plays an old worker. */
  version?: string;
  /**
   * How long a job stays locked without its worker renewing the lock: a killed worker's job goes
   * back to the queue within about this long (BullMQ's stalled-job check runs at half of it).
   */
  lockMs?: number;
  /** After refusing a job, the worker waits this long before taking another (so a job it cannot run reaches a worker that can). */
  refuseBackoffMs?: number;
  spawn: WorkerSpawner;
  env?: NodeJS.ProcessEnv;
  backboneLoaderModule?: string;
  log(msg: string): void;
}

/** This machine cannot run the job (no backend would start): another worker may. */
class CannotRunError extends Error {}

/** How long a finished run waits for the coordinator to take its model (it may be restarting). */
const modelUploadPatienceMs = 15 * 60_000;

/**
 * A worker on a sweep queue: takes one run spec at a time per slot, fetches what it names by hash
 * from the coordinator (cached here by hash), trains it in an ordinary training process on this
 * machine's best backend, and sends back what the process reports. See coordinator.ts for the design.
 */
export class SweepWorker {
  readonly name: string;
  private readonly version: string;
  private readonly results: Queue;
  private readonly redis: Redis;
  private readonly sub: Redis;
  private readonly transfer: Transfer;
  private readonly bull: BullWorker;
  /** Training processes by job key, so a cancel can reach them. */
  private readonly running = new Map<string, { proc: WorkerProcess; cancelled: boolean }>();
  private closed = false;
  /** Set once no backend would start here: later jobs are refused at once instead of starting a process to learn it again. */
  private noBackend: string | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly o: SweepWorkerOptions,
  ) {
    this.name = o.name ?? `${hostname()}-${process.pid}`;
    this.version = o.version ?? ctx.version;
    const { Queue, Worker: BullWorker } = bullmq();
    const { Redis } = ioredis();
    this.redis = new Redis(o.queue, { maxRetriesPerRequest: null });
    this.sub = new Redis(o.queue, { maxRetriesPerRequest: null });
    this.results = new Queue(resultsQueueName, { connection: redisConnection(o.queue) });
    this.transfer = createTransfer(async () => {
      const url = await this.redis.get(coordinatorUrlKey);
      if (!url) throw new Error('No coordinator has published its address on this queue.');
      return url;
    }, o.token);
    const lockMs = o.lockMs ?? 30_000;
    this.bull = new BullWorker(jobsQueueName, (job, token) => this.process(job, token), {
      connection: redisConnection(o.queue),
      concurrency: o.concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(250, Math.floor(lockMs / 2)),
      // A lost worker's job is retried by another this many times before it fails.
      maxStalledCount: 3,
      autorun: false,
    });
    this.bull.on('error', (err) => o.log(`sweep worker ${this.name}: ${err.message}`));
    void this.sub.subscribe(cancelChannel);
    this.sub.on('message', (_channel: string, key: string) => {
      const r = this.running.get(key);
      if (!r) return;
      r.cancelled = true;
      r.proc.send({ type: 'cancel' });
      // A process stuck inside a long kernel cannot hear the message.
      setTimeout(() => r.proc.kill('SIGKILL'), 5000).unref();
    });
  }

  start(): void {
    void this.bull.run();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.running.values()) r.proc.kill('SIGKILL');
    await this.bull.close(true);
    await this.results.close();
    this.sub.disconnect();
    this.redis.disconnect();
  }

  private async post(r: SweepResult): Promise<void> {
    await this.results.add(r.type, r, { removeOnComplete: true, removeOnFail: 1000 });
  }

  private async process(job: Job, token: string | undefined): Promise<void> {
    const { UnrecoverableError } = bullmq();
    const parsed = sweepJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Malformed sweep job: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const spec = parsed.data;
    const key = jobIdOf(spec.storeId, spec.runId);
    const base = { storeId: spec.storeId, runId: spec.runId, worker: this.name };
    if (await this.redis.sismember(cancelledSetKey, key)) {
      await this.post({ ...base, type: 'done', status: 'cancelled', metrics: {}, model: null, trainedEpochs: [] });
      return;
    }
    const refusal = this.cannotRun(spec);
    if (refusal) return this.refuse(job, token, base, refusal);
    const workDir = join(this.ctx.dataDir, 'sweep-work', `${key}-${job.attemptsStarted}-${process.pid}`);
    mkdirSync(workDir, { recursive: true });
    try {
      spec.starts += 1;
      await job.updateData(spec);
      await this.post({ ...base, type: 'started', attempt: spec.starts, resumedFromEpoch: spec.resume?.epoch ?? null });
      // The last attempt may have died between moving the resume point and sending its epoch.
      if (spec.resume) await this.post({ ...spec.resume.result, worker: spec.resume.result.worker });
      const trainJob = await this.prepare(spec, workDir);
      await this.train(job, spec, trainJob, key, base);
    } catch (err) {
      if (err instanceof CannotRunError) {
        this.noBackend = err.message;
        // It never trained here: the start this worker counted is given back with the job.
        spec.starts -= 1;
        await job.updateData(spec);
        return await this.refuse(job, token, base, err.message);
      }
      throw err;
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  /** Says why on the run, hands the job back to the queue without using up an attempt, and rests a moment. */
  private async refuse(job: Job, token: string | undefined, base: { storeId: string; runId: number; worker: string }, reason: string): Promise<never> {
    await this.post({ ...base, type: 'refused', reason });
    await job.moveToDelayed(Date.now() + 50, token);
    void this.bull.pause(true);
    setTimeout(() => {
      if (!this.closed) void this.bull.resume();
    }, this.o.refuseBackoffMs ?? 5000).unref();
    const { DelayedError } = bullmq();
    throw new DelayedError();
  }

  /** Why this worker cannot run the job, or null. */
  private cannotRun(spec: SweepJob): string | null {
    if (spec.version !== this.version) return `this worker runs Transfer Studio ${this.version}, the coordinator ${spec.version}; install the same version on both.`;
    return this.noBackend;
  }

  /** Fetches the items, the backbone and the checkpoint to resume from (each by hash, cached), and any shared features. */
  private async prepare(spec: SweepJob, workDir: string): Promise<TrainJob> {
    const cache = join(this.ctx.dataDir, 'sweep-cache');
    const blob = (sha: string) => join(cache, 'blobs', sha.slice(0, 2), sha);
    const items = [];
    for (const it of spec.items) {
      if (it.hasBlob) await this.transfer.fetchBlob(it.contentHash, blob(it.contentHash));
      items.push({ itemId: it.itemId, contentHash: it.contentHash, label: it.label, subset: it.subset, ...(it.hasBlob ? { path: blob(it.contentHash) } : {}), ...(it.text !== undefined ? { text: it.text } : {}) });
    }
    const backboneDir = join(cache, 'backbones', manifestHash(spec.backbone.files));
    for (const f of spec.backbone.files) await this.transfer.fetchBlob(f.sha256, join(backboneDir, f.name));
    let resumeFrom: string | null = null;
    if (spec.resume) {
      resumeFrom = blob(spec.resume.checkpoint);
      await this.transfer.fetchBlob(spec.resume.checkpoint, resumeFrom);
    }
    const cacheDir = this.ctx.services.training.cacheDir;
    const pack = await this.transfer.fetchFeatures(featurePackKey(spec)).catch(() => null);
    if (pack) unpackEntries(cacheDir, pack);
    return {
      runId: spec.runId,
      mode: spec.mode,
      labels: spec.labels,
      items,
      backbone: { id: spec.backbone.id, dir: backboneDir, weightsHash: spec.backbone.weightsHash, loaderModule: this.o.backboneLoaderModule },
      options: spec.options,
      cacheDir,
      checkpointDir: join(workDir, 'checkpoints'),
      resumeFrom,
    };
  }

  private train(job: Job, spec: SweepJob, tj: TrainJob, key: string, base: { storeId: string; runId: number; worker: string }): Promise<void> {
    const started = Date.now() - 1000; // mtime granularity: entries written in this second count as this job's
    const proc = this.o.spawn('training', { ...this.o.env, STUDIO_OWNER_PID: String(process.pid) });
    const entry = { proc, cancelled: false };
    this.running.set(key, entry);
    // Reports are handled in order: an epoch's upload finishes before the next epoch or the end is sent.
    let chain: Promise<void> = Promise.resolve();
    let lastError: string | null = null;
    let ended = false;
    let backendUp = false;
    const trainedEpochs: number[] = [];
    const then = (fn: () => Promise<void>) => (chain = chain.then(fn).catch((err: unknown) => void (lastError ??= err instanceof Error ? err.message : String(err))));
    const onReport = async (m: FromWorker): Promise<void> => {
      if (m.type === 'backend') {
        backendUp = true;
        await this.post({ ...base, type: 'backend', name: m.name, skipped: m.skipped });
      }
      else if (m.type === 'features' && m.done === m.total && m.computed > 0) await this.shareFeatures(spec, tj.cacheDir, started);
      else if (m.type === 'epoch') {
        let checkpoint: { sha256: string; bytes: number; step: number } | null = null;
        if (m.checkpoint) {
          const sha = m.checkpoint.sha256 || sha256File(m.checkpoint.path);
          // Best effort: a coordinator that is down costs the resume point, not the run.
          const ok = await this.transfer.upload('blob', sha, m.checkpoint.path).then(() => true, () => false);
          if (ok) checkpoint = { sha256: sha, bytes: m.checkpoint.bytes, step: m.checkpoint.step };
        }
        trainedEpochs.push(m.epoch);
        const result = { ...base, type: 'epoch' as const, epoch: m.epoch, metrics: m.metrics, numTensors: m.numTensors, checkpoint };
        // The resume point moves first, carrying this result: a retry after a kill in between re-sends it.
        if (checkpoint) await job.updateData({ ...spec, resume: { epoch: m.epoch, step: checkpoint.step, checkpoint: checkpoint.sha256, result } });
        await this.post(result);
      } else if (m.type === 'done') {
        ended = true;
        let model: { sha256: string; bytes: number } | null = null;
        try {
          if (m.status === 'completed' && m.modelPath) model = await this.uploadModel(m.modelPath);
        } catch (err) {
          await this.post({ ...base, type: 'failed', reason: `Could not hand the model to the coordinator: ${err instanceof Error ? err.message : String(err)}` });
          return;
        }
        await this.post({ ...base, type: 'done', status: m.status, metrics: m.metrics, model, trainedEpochs });
      } else if (m.type === 'error') lastError = m.message;
    };
    proc.onMessage((raw) => {
      const parsed = fromWorkerSchema.safeParse(raw);
      if (parsed.success) void then(() => onReport(parsed.data));
    });
    return new Promise<void>((resolve, reject) => {
      proc.onExit((e) => {
        this.running.delete(key);
        void chain.then(async () => {
          if (ended) return resolve();
          if (entry.cancelled) {
            await this.post({ ...base, type: 'done', status: 'cancelled', metrics: {}, model: null, trainedEpochs });
            return resolve();
          }
          // This worker is closing (its core shuts down): the job is left to stall and go to another worker.
          if (this.closed) return reject(new Error('The worker stopped.'));
          const reason = describeExit(e.code, e.signal, e.detail, lastError);
          // No backend would start here (a forced one missing, no GPU runtime): this machine's limit, not the run's.
          if (!backendUp && e.signal === null) return reject(new CannotRunError(`no training backend starts on this worker: ${reason}`));
          await this.post({ ...base, type: 'failed', reason });
          const { UnrecoverableError } = bullmq();
          reject(new UnrecoverableError(reason));
        });
      });
      proc.send({ type: 'start', job: tj });
    });
  }

  private async shareFeatures(spec: SweepJob, cacheDir: string, sinceMs: number): Promise<void> {
    const names = entriesSince(cacheDir, sinceMs);
    if (names.length === 0) return;
    const file = join(this.ctx.dataDir, 'sweep-work', `pack-${process.pid}-${Date.now()}.bin`);
    try {
      packEntries(cacheDir, names, file);
      await this.transfer.upload('features', featurePackKey(spec), file).catch(() => undefined);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** The model must reach the coordinator for the run to count; a restarting coordinator is waited for. */
  private async uploadModel(path: string): Promise<{ sha256: string; bytes: number }> {
    const sha = sha256File(path);
    const bytes = statSync(path).size;
    const until = Date.now() + modelUploadPatienceMs;
    for (let wait = 200; ; wait = Math.min(wait * 2, 5000)) {
      try {
        await this.transfer.upload('blob', sha, path);
        return { sha256: sha, bytes };
      } catch (err) {
        if (this.closed || Date.now() > until) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}
