import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { tinyLoaderModule } from './fixture';
import { pidAlive } from '../../../electron/core/training/pid-alive';

export { pidAlive };

export const studioBin = join(import.meta.dirname, '..', '..', '..', 'bin', 'studio.mjs');

/** Child processes a test started; killed by pid when the test ends (see killAll). */
const started = new Set<number>();

export interface CliProc {
  child: ChildProcess;
  pid: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/** Starts `studio ARGS` on a data folder with the tiny backbones and the wasm backend (asynchronously). */
export function startStudio(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): CliProc {
  const child = spawn(process.execPath, [studioBin, '--data-dir', dataDir, ...args], {
    env: { ...process.env, STUDIO_BACKBONE_LOADER: tinyLoaderModule, STUDIO_BACKEND: 'wasm', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Outside the repository, as a user runs it: the training process must still find its loader.
    cwd: tmpdir(),
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  started.add(child.pid!);
  void exited.then(() => started.delete(child.pid!));
  return { child, pid: child.pid!, stdout: () => out, stderr: () => err, exited };
}

export function trackPid(pid: number): void {
  started.add(pid);
}

/** Kills (SIGKILL) every process a test started that is still alive, workers found through their leases included. */
export function killAll(extra: number[] = []): void {
  for (const pid of [...started, ...extra]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  started.clear();
}

/** Resolves when `pred` holds, checking every `everyMs`; fails with `what` after `timeoutMs`. */
export async function waitUntil(pred: () => boolean, what: string, timeoutMs = 30_000, everyMs = 25): Promise<number> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return Date.now() - t0;
}

/** A short-lived connection to a data folder's store, for reading what another process wrote. */
export function withDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'studio.db'));
  db.pragma('busy_timeout = 10000');
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function runRow(dataDir: string, runId: number): { status: string; error: string | null } | undefined {
  return withDb(dataDir, (db) => db.prepare('SELECT status, error FROM runs WHERE id = ?').get(runId) as { status: string; error: string | null } | undefined);
}

export function leaseRow(dataDir: string, runId: number): { owner_pid: number; worker_pid: number | null; owner_kind: string } | undefined {
  return withDb(dataDir, (db) => db.prepare('SELECT owner_pid, worker_pid, owner_kind FROM run_leases WHERE run_id = ?').get(runId) as { owner_pid: number; worker_pid: number | null; owner_kind: string } | undefined);
}

/** Training processes started with `marker` in their environment (STUDIO_TEST_MARK), found in /proc: how orphans are caught. */
export function workersMarked(marker: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      // From source (training/worker-entry.ts) or from the bundle the CLI runs (out/node/training-worker.mjs).
      if (!cmd.includes('training/worker-entry') && !/training-worker\.m?js/.test(cmd)) continue;
      const env = readFileSync(`/proc/${name}/environ`, 'utf8');
      if (env.split('\0').includes(`STUDIO_TEST_MARK=${marker}`)) {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        if (!/\) Z /.test(stat)) out.push(Number(name)); // a zombie has exited already
      }
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** PRAGMA integrity_check and foreign_key_check on the folder's store. */
export function storeChecks(dataDir: string): { integrity: string; foreignKeys: unknown[] } {
  return withDb(dataDir, (db) => ({
    integrity: (db.pragma('integrity_check', { simple: true }) as string) ?? '',
    foreignKeys: db.pragma('foreign_key_check') as unknown[],
  }));
}
