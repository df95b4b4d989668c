import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/core';
import { addTinyBackbone, seedImageDataset, tempDir } from './helpers/fixture';
import { killAll, leaseRow, pidAlive, runRow, startStudio, storeChecks, waitUntil, withDb, workersMarked } from './helpers/procs';

afterEach(() => killAll());

/** Epoch-by-epoch SGD with a checkpoint every epoch: what kill and resume act on. */
const sgdOptions = JSON.stringify({ headSolver: 'sgd', minSteps: 0, validation: 'split', batchSize: 4, patience: 0 });

async function seeded() {
  const dir = tempDir();
  const core = openCore({ dataDir: dir });
  const ds = await seedImageDataset(core.ctx.db, dir);
  const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
  await core.close();
  return { dir, ds, backboneId };
}

const steps = (dir: string, runId: number) =>
  withDb(dir, (db) => (db.prepare(`SELECT COUNT(*) AS n FROM run_metrics WHERE run_id = ? AND scope = 'step' AND name = 'loss'`).get(runId) as { n: number }).n);

describe('one owner per run across faces (CLI and serve)', () => {
  it('serve started while `studio train` runs leaves that run alone; the CLI killed, its worker follows, serve marks the run interrupted, `studio resume` finishes it', async () => {
    const { dir, ds, backboneId } = await seeded();
    const mark = `owner-${process.pid}-${Date.now()}`;
    const env = { STUDIO_TRAIN_STEP_DELAY_MS: '25', STUDIO_TEST_MARK: mark, STUDIO_LEASE_STALE_MS: '3000' };
    const train = startStudio(dir, ['train', '--dataset', String(ds.datasetId), '--backbone', backboneId, '--epochs', '30', '--options', sgdOptions, '--json'], env);
    const runId = 1;
    await waitUntil(() => (leaseRow(dir, runId)?.worker_pid ?? null) !== null && steps(dir, runId) > 8, 'the CLI run to train', 60_000);
    const worker = leaseRow(dir, runId)!.worker_pid!;
    expect(leaseRow(dir, runId)).toMatchObject({ owner_pid: train.pid, owner_kind: 'cli' });

    const serve = startStudio(dir, ['serve', '--port', '0'], env);
    await waitUntil(() => /running at http/.test(serve.stdout()), 'serve to print its URL', 60_000);
    // Serve's start-up recovery and its heartbeat-time checks saw a live owner: the run is untouched.
    expect(runRow(dir, runId)!.status).toBe('running');
    expect(leaseRow(dir, runId)!.owner_pid).toBe(train.pid);

    // A second face may not take it either.
    const refused = startStudio(dir, ['resume', String(runId)], env);
    const r = await refused.exited;
    expect(r.code).not.toBe(0);
    expect(refused.stderr().trim().split('\n')).toHaveLength(1);
    expect(refused.stderr()).toMatch(new RegExp(`Run ${runId} is being trained by a \`studio\` command \\(pid ${train.pid}\\)`));
    expect(workersMarked(mark)).toEqual([worker]);

    // kill -9 of the CLI: its training process ends itself, serve notices the dead owner.
    const before = steps(dir, runId);
    process.kill(train.pid, 'SIGKILL');
    const orphanMs = await waitUntil(() => !pidAlive(worker) && workersMarked(mark).length === 0, 'the orphaned worker to exit', 5000);
    expect(orphanMs).toBeLessThan(5000);
    await waitUntil(() => runRow(dir, runId)!.status === 'interrupted', 'serve to mark the run interrupted', 15_000);
    expect(runRow(dir, runId)!.error).toMatch(new RegExp(`A \`studio\` command \\(pid ${train.pid}\\) stopped while it trained it`));
    expect(steps(dir, runId)).toBeGreaterThanOrEqual(before);

    // Resumed by the CLI while serve still runs: one worker, to completion.
    const resumed = startStudio(dir, ['resume', String(runId), '--json'], env);
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, workersMarked(mark).length)), 50);
    const done = await resumed.exited;
    clearInterval(sampler);
    expect(done.code, resumed.stderr()).toBe(0);
    expect(JSON.parse(resumed.stdout())).toMatchObject({ runId, status: 'completed', backend: 'wasm' });
    expect(most).toBe(1);
    const epochs = withDb(dir, (db) => (db.prepare(`SELECT idx FROM run_metrics WHERE run_id = ? AND scope = 'epoch' AND name = 'trainLoss' ORDER BY idx`).all(runId) as Array<{ idx: number }>).map((x) => x.idx));
    expect(epochs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(storeChecks(dir)).toEqual({ integrity: 'ok', foreignKeys: [] });
    expect(leaseRow(dir, runId)).toBeUndefined();
    serve.child.kill('SIGTERM');
    await serve.exited;
  }, 180_000);

  it('a CLI run whose CLI was killed is marked interrupted by the next CLI command, with no app or serve involved', async () => {
    const { dir, ds, backboneId } = await seeded();
    const mark = `owner2-${process.pid}-${Date.now()}`;
    const env = { STUDIO_TRAIN_STEP_DELAY_MS: '25', STUDIO_TEST_MARK: mark };
    const train = startStudio(dir, ['train', '--dataset', String(ds.datasetId), '--backbone', backboneId, '--epochs', '60', '--options', sgdOptions], env);
    await waitUntil(() => (leaseRow(dir, 1)?.worker_pid ?? null) !== null && steps(dir, 1) > 2, 'the CLI run to train', 60_000);
    process.kill(train.pid, 'SIGKILL');
    await waitUntil(() => workersMarked(mark).length === 0, 'the orphaned worker to exit', 5000);
    expect(runRow(dir, 1)!.status).toBe('running'); // nobody has looked yet
    const list = startStudio(dir, ['runs', '--json'], env);
    expect((await list.exited).code).toBe(0);
    expect((JSON.parse(list.stdout()) as { runs: Array<{ id: number; status: string }> }).runs[0]).toMatchObject({ id: 1, status: 'interrupted' });
    expect(storeChecks(dir)).toEqual({ integrity: 'ok', foreignKeys: [] });
  }, 120_000);
});
