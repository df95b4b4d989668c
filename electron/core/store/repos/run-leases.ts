import type { Db } from '../db';
import { nowIso } from './time';

export interface RunLease {
  runId: number;
  ownerPid: number;
  ownerHost: string;
  ownerToken: string;
  ownerKind: string;
  workerPid: number | null;
  acquiredAt: string;
  heartbeatMs: number;
}

export interface LeaseOwner {
  pid: number;
  host: string;
  token: string;
  kind: string;
}

interface RawLease {
  run_id: number;
  owner_pid: number;
  owner_host: string;
  owner_token: string;
  owner_kind: string;
  worker_pid: number | null;
  acquired_at: string;
  heartbeat_ms: number;
}

const toLease = (r: RawLease): RunLease => ({
  runId: r.run_id,
  ownerPid: r.owner_pid,
  ownerHost: r.owner_host,
  ownerToken: r.owner_token,
  ownerKind: r.owner_kind,
  workerPid: r.worker_pid,
  acquiredAt: r.acquired_at,
  heartbeatMs: r.heartbeat_ms,
});

/** The run_leases table. Deciding whether an owner is alive is the training domain's job (training/run-lease.ts). */
export function runLeasesRepo(db: Db) {
  return {
    get(runId: number): RunLease | undefined {
      const r = db.prepare('SELECT * FROM run_leases WHERE run_id = ?').get(runId) as RawLease | undefined;
      return r ? toLease(r) : undefined;
    },
    list(): RunLease[] {
      return (db.prepare('SELECT * FROM run_leases ORDER BY run_id').all() as RawLease[]).map(toLease);
    },
    /** Writes (or overwrites) the lease: the caller has decided, inside its transaction, that it may. */
    put(runId: number, owner: LeaseOwner, now = Date.now()): void {
      db.prepare(
        `INSERT INTO run_leases (run_id, owner_pid, owner_host, owner_token, owner_kind, worker_pid, acquired_at, heartbeat_ms)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?)
         ON CONFLICT(run_id) DO UPDATE SET owner_pid = excluded.owner_pid, owner_host = excluded.owner_host,
           owner_token = excluded.owner_token, owner_kind = excluded.owner_kind, worker_pid = NULL,
           acquired_at = excluded.acquired_at, heartbeat_ms = excluded.heartbeat_ms`,
      ).run(runId, owner.pid, owner.host, owner.token, owner.kind, nowIso(), now);
    },
    setWorker(runId: number, token: string, workerPid: number | null): boolean {
      return db.prepare('UPDATE run_leases SET worker_pid = ? WHERE run_id = ? AND owner_token = ?').run(workerPid, runId, token).changes === 1;
    },
    /** Refreshes every lease the owner holds; returns the run ids it still holds (a lease taken over is gone from it). */
    heartbeat(token: string, now = Date.now()): number[] {
      db.prepare('UPDATE run_leases SET heartbeat_ms = ? WHERE owner_token = ?').run(now, token);
      return (db.prepare('SELECT run_id FROM run_leases WHERE owner_token = ?').all(token) as Array<{ run_id: number }>).map((r) => r.run_id);
    },
    /** Drops the lease if this owner still holds it. */
    release(runId: number, token: string): boolean {
      return db.prepare('DELETE FROM run_leases WHERE run_id = ? AND owner_token = ?').run(runId, token).changes === 1;
    },
    remove(runId: number): void {
      db.prepare('DELETE FROM run_leases WHERE run_id = ?').run(runId);
    },
  };
}
export type RunLeasesRepo = ReturnType<typeof runLeasesRepo>;
