import type { Db } from '../db';
import { nowIso } from './time';

export interface BackboneFile {
  name: string;
  sha256: string;
  bytes: number;
}
export type Manifests = Record<string, BackboneFile[]>;

export interface SweepRow {
  id: number;
  datasetId: number;
  snapshotId: number;
  queue: string | null;
  manifests: Manifests;
  createdAt: string;
}

export interface SweepRunRow {
  runId: number;
  sweepId: number;
  position: number;
  seed: number;
  worker: string | null;
  backend: string | null;
  epoch: number;
  attempts: number;
  resumedFromEpoch: number | null;
  reason: string | null;
  refusals: Array<{ worker: string; reason: string }>;
}

interface RawSweep {
  id: number;
  dataset_id: number;
  snapshot_id: number;
  queue: string | null;
  manifests: string;
  created_at: string;
}
interface RawRun {
  run_id: number;
  sweep_id: number;
  position: number;
  seed: number;
  worker: string | null;
  backend: string | null;
  epoch: number;
  attempts: number;
  resumed_from_epoch: number | null;
  reason: string | null;
  refusals: string;
}

const sweepOf = (r: RawSweep): SweepRow => ({
  id: r.id,
  datasetId: r.dataset_id,
  snapshotId: r.snapshot_id,
  queue: r.queue,
  manifests: JSON.parse(r.manifests) as Manifests,
  createdAt: r.created_at,
});
const runOf = (r: RawRun): SweepRunRow => ({
  runId: r.run_id,
  sweepId: r.sweep_id,
  position: r.position,
  seed: r.seed,
  worker: r.worker,
  backend: r.backend,
  epoch: r.epoch,
  attempts: r.attempts,
  resumedFromEpoch: r.resumed_from_epoch,
  reason: r.reason,
  refusals: JSON.parse(r.refusals) as SweepRunRow['refusals'],
});

/** Sweeps, their runs' queue-side state, and the (run, epoch) guard that applies each epoch once. */
export function sweepsRepo(db: Db) {
  return {
    create(s: { datasetId: number; snapshotId: number; queue: string | null; manifests: Manifests }): number {
      return Number(
        db
          .prepare('INSERT INTO sweeps (dataset_id, snapshot_id, queue, manifests, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(s.datasetId, s.snapshotId, s.queue, JSON.stringify(s.manifests), nowIso()).lastInsertRowid,
      );
    },
    addRun(sweepId: number, runId: number, position: number, seed: number): void {
      db.prepare('INSERT INTO sweep_runs (run_id, sweep_id, position, seed) VALUES (?, ?, ?, ?)').run(runId, sweepId, position, seed);
    },
    get(id: number): SweepRow | undefined {
      const r = db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as RawSweep | undefined;
      return r ? sweepOf(r) : undefined;
    },
    list(): SweepRow[] {
      return (db.prepare('SELECT * FROM sweeps ORDER BY id DESC').all() as RawSweep[]).map(sweepOf);
    },
    listByQueue(queue: string): SweepRow[] {
      return (db.prepare('SELECT * FROM sweeps WHERE queue = ? ORDER BY id').all(queue) as RawSweep[]).map(sweepOf);
    },
    runs(sweepId: number): SweepRunRow[] {
      return (db.prepare('SELECT * FROM sweep_runs WHERE sweep_id = ? ORDER BY position').all(sweepId) as RawRun[]).map(runOf);
    },
    run(runId: number): SweepRunRow | undefined {
      const r = db.prepare('SELECT * FROM sweep_runs WHERE run_id = ?').get(runId) as RawRun | undefined;
      return r ? runOf(r) : undefined;
    },
    /** A worker took the run (again): who, on what, and from which epoch it continues. */
    started(runId: number, worker: string, attempt: number, resumedFromEpoch: number | null): void {
      // MAX: a re-delivered 'started' of the same attempt counts once.
      db.prepare('UPDATE sweep_runs SET worker = ?, attempts = MAX(attempts, ?), resumed_from_epoch = ?, reason = NULL WHERE run_id = ?').run(
        worker,
        attempt,
        resumedFromEpoch,
        runId,
      );
    },
    /** A worker that had started the run refused it after all (no backend there): back to waiting, that start uncounted. */
    unstart(runId: number, worker: string): boolean {
      return db.prepare('UPDATE sweep_runs SET worker = NULL, backend = NULL, attempts = MAX(attempts - 1, 0) WHERE run_id = ? AND worker = ?').run(runId, worker).changes === 1;
    },
    setBackend(runId: number, backend: string): void {
      db.prepare('UPDATE sweep_runs SET backend = ? WHERE run_id = ?').run(backend, runId);
    },
    setWorker(runId: number, worker: string): void {
      db.prepare('UPDATE sweep_runs SET worker = ? WHERE run_id = ?').run(worker, runId);
    },
    setReason(runId: number, reason: string | null): void {
      db.prepare('UPDATE sweep_runs SET reason = ? WHERE run_id = ?').run(reason, runId);
    },
    addRefusal(runId: number, worker: string, reason: string): void {
      const cur = this.run(runId);
      if (!cur) return;
      const refusals = [...cur.refusals.filter((r) => r.worker !== worker || r.reason !== reason), { worker, reason }].slice(-20);
      db.prepare('UPDATE sweep_runs SET refusals = ?, reason = ? WHERE run_id = ?').run(JSON.stringify(refusals), `${worker}: ${reason}`, runId);
    },
    /** True when the epoch was new (and is now marked applied); false for a re-delivery. */
    markEpoch(runId: number, epoch: number, worker: string): boolean {
      const fresh = db.prepare('INSERT OR IGNORE INTO sweep_epochs (run_id, epoch, worker, applied_at) VALUES (?, ?, ?, ?)').run(runId, epoch, worker, nowIso()).changes === 1;
      if (fresh) db.prepare('UPDATE sweep_runs SET epoch = MAX(epoch, ?) WHERE run_id = ?').run(epoch, runId);
      return fresh;
    },
    appliedEpochs(runId: number): Array<{ epoch: number; worker: string }> {
      return db.prepare('SELECT epoch, worker FROM sweep_epochs WHERE run_id = ? ORDER BY epoch').all(runId) as Array<{ epoch: number; worker: string }>;
    },
  };
}
export type SweepsRepo = ReturnType<typeof sweepsRepo>;
