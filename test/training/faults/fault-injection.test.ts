import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../../electron/core/core';
import { recoverStaleRuns } from '../../../electron/core/training/run-lease';
import { runsRepo } from '../../../electron/core/store/repos/runs';
import { mulberry32 } from '../../../electron/core/training/engine/rng';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule } from '../helpers/fixture';
import { killAll, leaseRow, pidAlive, startStudio, storeChecks, waitUntil, withDb, workersMarked, type CliProc } from '../helpers/procs';

/**
 * kill -9 of the training process, of a CLI `studio resume` and of `studio serve`, each at a random
 * moment (seeded: STUDIO_FAULT_SEED, STUDIO_FAULT_TRIALS), one run carried from trial to trial: each
 * trial resumes what the previous one killed. After every kill: no training process outlives its
 * parent by more than a few seconds, never two train the run at once, the store records no epoch
 * without its checkpoint (so a kill costs at most the epoch in progress), epochs and steps run on
 * without gap or repeat, and integrity_check / foreign_key_check are clean.
 */
const SEED = Number(process.env.STUDIO_FAULT_SEED ?? 20240615);
const TRIALS = Number(process.env.STUDIO_FAULT_TRIALS ?? 21);
// "A few seconds" (issue 15). The worker notices its parent's death on its next watch tick; alone, the
// worst trial measured 0.7–1.9 s, but vitest runs two files at once on 2 cores, and beside a CPU-bound file it
// reached 3.1 s once.
const ORPHAN_LIMIT_MS = 5000;
const mark = `faults-${process.pid}-${Date.now()}`;
const env = { STUDIO_TRAIN_STEP_DELAY_MS: '15', STUDIO_TEST_MARK: mark, STUDIO_LEASE_STALE_MS: '3000' };
/** 24 training items in batches of 4. */
const STEPS_PER_EPOCH = 6;
const options = { headSolver: 'sgd', minSteps: 0, validation: 'split', batchSize: 4, patience: 0, epochs: 1000 } as const;

let core: Core | null = null;
afterAll(async () => {
  await core?.close();
  killAll(workersMarked(mark));
});

type Target = 'worker' | 'cli' | 'serve';

const epochRows = (dir: string) =>
  withDb(dir, (db) => (db.prepare(`SELECT DISTINCT idx FROM run_metrics WHERE run_id = 1 AND scope = 'epoch' ORDER BY idx`).all() as Array<{ idx: number }>).map((r) => r.idx));
const stepRows = (dir: string) =>
  withDb(dir, (db) => (db.prepare(`SELECT idx FROM run_metrics WHERE run_id = 1 AND scope = 'step' AND name = 'loss' ORDER BY idx`).all() as Array<{ idx: number }>).map((r) => r.idx));
const checkpointEpochs = (dir: string) =>
  withDb(dir, (db) => (db.prepare(`SELECT path FROM artifacts WHERE run_id = 1 AND kind = 'checkpoint'`).all() as Array<{ path: string }>).map((r) => Number(/epoch-(\d+)/.exec(r.path)![1])));

describe('fault injection: kill -9 at random points', () => {
  it(`${TRIALS} seeded trials over worker, CLI and serve`, async () => {
    process.env.STUDIO_LEASE_STALE_MS = env.STUDIO_LEASE_STALE_MS;
    const t0 = Date.now();
    const dir = tempDir('studio-faults-');
    core = openCore({ dataDir: dir, workers: { backboneLoaderModule: tinyLoaderModule, env: { STUDIO_BACKEND: 'wasm', ...env } } });
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    const sup = core.ctx.services.training;
    const rand = mulberry32(SEED);

    // Never two training processes for the run, sampled through the whole suite.
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, workersMarked(mark).length)), 40);

    const run = core.ctx.services.scheduler.start({ datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, mode: 'probe', options: options as never });
    await waitUntil(() => checkpointEpochs(dir).length >= 1, 'the first checkpoint', 60_000);
    process.kill(leaseRow(dir, run.id)!.worker_pid!, 'SIGKILL');
    await sup.finished(run.id);

    const log: string[] = [];
    let worstOrphanMs = 0;
    const targets: Target[] = ['worker', 'cli', 'serve'];
    for (let trial = 0; trial < TRIALS; trial++) {
      const target = targets[trial % 3]!;
      // Half the kills land at a random moment from launch (start-up, loading, features), half at a
      // random moment once steps are being taken (mid-epoch, evaluation, checkpoint writes).
      const when = rand() < 0.5 ? 'launch' : 'training';
      const delay = Math.floor(rand() * (when === 'launch' ? 2500 : 1000));
      const before = { epochs: epochRows(dir).length };
      const training = () => stepRows(dir).length > Math.max(...checkpointEpochs(dir)) * STEPS_PER_EPOCH;
      let parent: CliProc | null = null;
      let worker: number | null = null;
      if (target === 'worker') {
        core.ctx.services.scheduler.resume(run.id);
        await waitUntil(() => leaseRow(dir, run.id)?.worker_pid != null, 'a training process', 30_000);
        worker = leaseRow(dir, run.id)!.worker_pid!;
        if (when === 'training') await waitUntil(training, 'steps', 30_000);
        await new Promise((r) => setTimeout(r, delay)); // the random point: what this suite is about
        process.kill(worker, 'SIGKILL');
        expect((await sup.finished(run.id)).status).toBe('interrupted');
      } else {
        parent = target === 'cli' ? startStudio(dir, ['resume', String(run.id)], env) : startStudio(dir, ['serve', '--port', '0', '--json'], env);
        if (target === 'serve') void resumeThroughServe(parent, run.id);
        if (when === 'training') await waitUntil(training, 'steps', 30_000);
        await new Promise((r) => setTimeout(r, delay));
        worker = leaseRow(dir, run.id)?.worker_pid ?? null;
        process.kill(parent.pid, 'SIGKILL');
        await parent.exited;
        // Whatever the face had started ends itself: no orphan survives it for long.
        const orphanMs = await waitUntil(() => workersMarked(mark).length === 0, `the ${target}'s training process to exit`, ORPHAN_LIMIT_MS + 2000, 20);
        worstOrphanMs = Math.max(worstOrphanMs, orphanMs);
        expect(orphanMs).toBeLessThan(ORPHAN_LIMIT_MS);
        // Another face notices the dead owner (the in-test core's own recovery).
        recoverStaleRuns(core.ctx);
      }
      expect(worker === null || !pidAlive(worker)).toBe(true);
      const status = runsRepo(core.ctx.db).get(run.id)!.status;
      expect(status).toBe('interrupted');

      // The store: every recorded epoch has its checkpoint (a kill loses at most the epoch in progress),
      // epochs and steps without gaps or repeats, and a clean file.
      const epochs = epochRows(dir);
      const ckpts = checkpointEpochs(dir);
      expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i + 1));
      expect(Math.max(...ckpts)).toBe(epochs.length);
      const steps = stepRows(dir);
      expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
      // What resume will replay: the steps past the last checkpoint, never more than one epoch's.
      expect(steps.length - Math.max(...ckpts) * STEPS_PER_EPOCH).toBeLessThanOrEqual(STEPS_PER_EPOCH);
      expect(storeChecks(dir)).toEqual({ integrity: 'ok', foreignKeys: [] });
      log.push(`${trial}: ${target} killed ${delay} ms after ${when}; epochs ${before.epochs}→${epochs.length}, steps ${steps.length}`);
    }
    clearInterval(sampler);
    expect(most).toBeLessThanOrEqual(1);
    // The run still resumes after all of that; a .tmp a process killed mid-write left is swept at launch.
    const stray = join(dir, 'runs', String(run.id), 'epoch-9999.ckpt.tmp');
    writeFileSync(stray, 'torn');
    core.ctx.services.scheduler.resume(run.id);
    expect(existsSync(stray)).toBe(false);
    await waitUntil(() => epochRows(dir).length > Math.max(...checkpointEpochs(dir)) - 1 && (sup.liveOf(run.id)?.epoch ?? 0) > epochRows(dir).length, 'one more epoch', 30_000);
    sup.cancel(run.id);
    expect((await sup.finished(run.id)).status).toBe('cancelled');
    console.log(`fault injection: ${TRIALS} trials (seed ${SEED}) in ${((Date.now() - t0) / 1000).toFixed(1)} s; worst orphan survival ${worstOrphanMs} ms; most training processes at once ${most}\n${log.join('\n')}`);
  }, 240_000);
});

/** Asks a `studio serve` to resume the run over its WebSocket API, as the app's Resume button does; gives up quietly if serve is killed first. */
async function resumeThroughServe(serve: CliProc, runId: number): Promise<void> {
  try {
    await waitUntil(() => serve.stdout().includes('"url"') || serve.child.exitCode !== null || serve.child.signalCode !== null, 'serve to start', 30_000, 20);
    const line = serve.stdout().split('\n').find((l) => l.includes('"url"'));
    if (!line) return;
    const { port, url } = JSON.parse(line) as { port: number; url: string };
    const token = new URL(url).searchParams.get('token')!;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
    ws.on('error', () => {});
    await new Promise<void>((r) => {
      ws.once('open', () => r());
      ws.once('close', () => r());
    });
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'request', id: 1, method: 'training.resume', params: { runId } }));
  } catch {
    // serve was killed before it could be asked: a kill at start-up, which the trial checks all the same
  }
}
