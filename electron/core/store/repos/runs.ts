import type { Db } from '../db';
import type { RunStatus, RunSummary, TrainMode } from '../../../../shared/domain/run';
import { nowIso } from './time';

interface RawRun {
  id: number;
  dataset_id: number | null;
  dataset_name: string | null;
  snapshot_id: number | null;
  backbone_id: string | null;
  mode: TrainMode;
  status: RunStatus;
  params: string;
  metrics: string;
  backend: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const toSummary = (r: RawRun): RunSummary => ({
  id: r.id,
  datasetId: r.dataset_id,
  datasetName: r.dataset_name,
  snapshotId: r.snapshot_id,
  backboneId: r.backbone_id,
  mode: r.mode,
  status: r.status,
  params: JSON.parse(r.params) as Record<string, unknown>,
  metrics: JSON.parse(r.metrics) as Record<string, number>,
  backend: r.backend,
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

const SELECT = `SELECT runs.*, datasets.name AS dataset_name FROM runs LEFT JOIN datasets ON datasets.id = runs.dataset_id`;

export interface NewRun {
  datasetId: number | null;
  snapshotId: number | null;
  backboneId: string | null;
  mode: TrainMode;
  params: Record<string, unknown>;
}

export function runsRepo(db: Db) {
  return {
    create(run: NewRun): RunSummary {
      const info = db
        .prepare(
          `INSERT INTO runs (dataset_id, snapshot_id, backbone_id, mode, status, params, created_at)
           VALUES (?, ?, ?, ?, 'queued', ?, ?)`,
        )
        .run(run.datasetId, run.snapshotId, run.backboneId, run.mode, JSON.stringify(run.params), nowIso());
      return this.get(Number(info.lastInsertRowid))!;
    },
    get(id: number): RunSummary | undefined {
      const r = db.prepare(`${SELECT} WHERE runs.id = ?`).get(id) as RawRun | undefined;
      return r ? toSummary(r) : undefined;
    },
    list(filter: { datasetId?: number } = {}): RunSummary[] {
      const rows =
        filter.datasetId === undefined
          ? (db.prepare(`${SELECT} ORDER BY runs.id DESC`).all() as RawRun[])
          : (db.prepare(`${SELECT} WHERE runs.dataset_id = ? ORDER BY runs.id DESC`).all(filter.datasetId) as RawRun[]);
      return rows.map(toSummary);
    },
    setStatus(id: number, status: RunStatus, extra: { error?: string | null; backend?: string | null } = {}): void {
      const now = nowIso();
      db.prepare(
        `UPDATE runs SET status = ?,
           error = COALESCE(?, error),
           backend = COALESCE(?, backend),
           started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
           finished_at = CASE WHEN ? IN ('completed', 'failed', 'cancelled') THEN ? ELSE NULL END
         WHERE id = ?`,
      ).run(status, extra.error ?? null, extra.backend ?? null, status, now, status, now, id);
    },
    /** setStatus keeps an old error (COALESCE); a restart clears it explicitly. */
    clearError(id: number): void {
      db.prepare('UPDATE runs SET error = NULL WHERE id = ?').run(id);
    },
    /** Runs some core still counts as its own: training, paused, or waiting in a queue. */
    listUnfinished(): Array<{ id: number; status: RunStatus }> {
      return db.prepare(`SELECT id, status FROM runs WHERE status IN ('running', 'paused', 'queued')`).all() as Array<{ id: number; status: RunStatus }>;
    },
    setMetrics(id: number, metrics: Record<string, number>): void {
      db.prepare('UPDATE runs SET metrics = ? WHERE id = ?').run(JSON.stringify(metrics), id);
    },
    setParams(id: number, params: Record<string, unknown>): void {
      db.prepare('UPDATE runs SET params = ? WHERE id = ?').run(JSON.stringify(params), id);
    },
    /** Deletes the run; its metrics, artifacts, evaluation, predictions and lease rows cascade. */
    remove(id: number): boolean {
      return db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
    },
  };
}
export type RunsRepo = ReturnType<typeof runsRepo>;
