import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { openCore, type Core } from '../../electron/core/core';
import { runsRepo } from '../../electron/core/store/repos/runs';
import { runLeasesRepo } from '../../electron/core/store/repos/run-leases';
import { acquireLease } from '../../electron/core/training/run-lease';
import { recoverStaleRuns } from '../../electron/core/training/run-lease';
import { killAll, trackPid } from './helpers/procs';
import { tempDir } from './helpers/fixture';
import { clientFor } from '../helpers/client';

const cores: Core[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
  killAll();
  delete process.env.STUDIO_LEASE_STALE_MS;
});

function open(dir: string): Core {
  const core = openCore({ dataDir: dir, face: 'cli' });
  cores.push(core);
  return core;
}

const exits = new Map<number, Promise<void>>();

/** A process that stands in for another studio process (alive until the test kills it). */
function otherProcess(): number {
  const p = spawn('sleep', ['60'], { stdio: 'ignore' });
  trackPid(p.pid!);
  exits.set(p.pid!, new Promise<void>((r) => p.once('exit', () => r())));
  return p.pid!;
}

/** kill -9, resolved once the process has been reaped (a zombie still answers kill(pid, 0)). */
async function kill9(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  await exits.get(pid);
}

function seedRun(core: Core, status: 'running' | 'paused' | 'queued' | 'interrupted'): number {
  const db = core.ctx.db;
  db.prepare(`INSERT INTO datasets (name, kind, created_at) VALUES ('d', 'image', 'now')`).run();
  const runId = Number(db.prepare(`INSERT INTO runs (dataset_id, mode, status, created_at) VALUES (last_insert_rowid(), 'probe', ?, 'now')`).run(status).lastInsertRowid);
  return runId;
}

function lease(core: Core, runId: number, ownerPid: number, opts: { kind?: string; heartbeatMs?: number; workerPid?: number | null; host?: string } = {}): void {
  core.ctx.db
    .prepare('INSERT OR REPLACE INTO run_leases (run_id, owner_pid, owner_host, owner_token, owner_kind, worker_pid, acquired_at, heartbeat_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(runId, ownerPid, opts.host ?? hostname(), `token-${ownerPid}`, opts.kind ?? 'serve', opts.workerPid ?? null, 'now', opts.heartbeatMs ?? Date.now());
}

describe('run leases: one owner per run, honoured by every face', () => {
  it('start-up marks interrupted only the runs whose owner is gone: no lease, a dead pid, a stale heartbeat', async () => {
    const dir = tempDir();
    const setup = open(dir);
    const live = seedRun(setup, 'running');
    const dead = seedRun(setup, 'paused');
    const stale = seedRun(setup, 'running');
    const unleased = seedRun(setup, 'queued');
    const owner = otherProcess();
    const gone = otherProcess();
    lease(setup, live, owner);
    lease(setup, dead, gone, { kind: 'cli' });
    lease(setup, stale, owner, { heartbeatMs: Date.now() - 120_000 });
    await kill9(gone);
    await setup.close();
    cores.length = 0;

    const core = open(dir);
    const runs = runsRepo(core.ctx.db);
    expect(runs.get(live)!.status).toBe('running');
    expect(runs.get(dead)!.status).toBe('interrupted');
    expect(runs.get(dead)!.error).toMatch(new RegExp(`A \`studio\` command \\(pid ${gone}\\) stopped while it trained it`));
    expect(runs.get(stale)!.status).toBe('interrupted');
    expect(runs.get(unleased)!.status).toBe('interrupted');
    expect(runs.get(unleased)!.error).toMatch(/waited in its queue/);

    // The owner dies later: the next recovery (every heartbeat of a long-lived face) catches it.
    await kill9(owner);
    expect(recoverStaleRuns(core.ctx)).toEqual([live]);
    expect(runs.get(live)!.status).toBe('interrupted');
  });

  it('resume, pause and cancel refuse with a clear conflict while a live owner holds the run', async () => {
    const dir = tempDir();
    const core = open(dir);
    const runId = seedRun(core, 'running');
    const owner = otherProcess();
    lease(core, runId, owner, { kind: 'cli' });
    const api = clientFor(core);
    for (const method of ['training.resume', 'training.pause', 'training.cancel'] as const) {
      await expect(api.call(method, { runId }), method).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(new RegExp(`Run ${runId} is being trained by a \`studio\` command \\(pid ${owner}\\)`)),
      });
    }
    expect(runsRepo(core.ctx.db).get(runId)!.status).toBe('running');
    expect(runLeasesRepo(core.ctx.db).get(runId)!.ownerPid).toBe(owner);
  });

  it('a takeover from a dead owner waits for its training process to be gone', async () => {
    const dir = tempDir();
    const core = open(dir);
    const runId = seedRun(core, 'interrupted');
    const owner = otherProcess();
    const worker = otherProcess();
    lease(core, runId, owner, { workerPid: worker });
    await kill9(owner);
    expect(() => acquireLease(core.ctx, runId)).toThrow(new RegExp(`previous training process \\(pid ${worker}\\) is still stopping`));
    await kill9(worker);
    acquireLease(core.ctx, runId);
    expect(runLeasesRepo(core.ctx.db).get(runId)).toMatchObject({ ownerPid: process.pid, ownerKind: 'cli', workerPid: null });
  });

  it('in one process, a closed core owns nothing; another host is judged by its heartbeat alone', async () => {
    const dir = tempDir();
    const first = open(dir);
    const runId = seedRun(first, 'running');
    acquireLease(first.ctx, runId);
    const second = open(dir);
    expect(() => acquireLease(second.ctx, runId)).toThrow(/being trained by a `studio` command \(pid \d+\)/);
    await first.close();
    cores.splice(cores.indexOf(first), 1);
    expect(recoverStaleRuns(second.ctx)).toEqual([runId]);
    acquireLease(second.ctx, runId);

    const far = seedRun(second, 'running');
    lease(second, far, 1, { host: 'another-machine' }); // pid 1 exists here, but on that host it means nothing
    expect(() => acquireLease(second.ctx, far)).toThrow(/on another-machine/);
    // Its heartbeat goes stale (written longer ago than the stale time): now it counts as gone.
    lease(second, far, 1, { host: 'another-machine', heartbeatMs: Date.now() - 31_000 });
    expect(recoverStaleRuns(second.ctx)).toEqual([far]);
  });
});
