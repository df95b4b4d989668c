import type { Db } from '../db';
import { nowIso } from './time';

export interface EvaluationRow {
  runId: number;
  subset: 'train' | 'val' | 'test';
  status: 'completed' | 'failed';
  accuracy: number | null;
  report: Record<string, unknown>;
  error: string | null;
  seconds: number;
  createdAt: string;
}

interface Raw {
  run_id: number;
  subset: EvaluationRow['subset'];
  status: EvaluationRow['status'];
  accuracy: number | null;
  report: string;
  error: string | null;
  seconds: number;
  created_at: string;
}

export function runEvaluationsRepo(db: Db) {
  return {
    get(runId: number): EvaluationRow | undefined {
      const r = db.prepare('SELECT * FROM run_evaluations WHERE run_id = ?').get(runId) as Raw | undefined;
      return r
        ? {
            runId: r.run_id,
            subset: r.subset,
            status: r.status,
            accuracy: r.accuracy,
            report: JSON.parse(r.report) as Record<string, unknown>,
            error: r.error,
            seconds: r.seconds,
            createdAt: r.created_at,
          }
        : undefined;
    },
    put(row: Omit<EvaluationRow, 'createdAt'>): void {
      db.prepare(
        `INSERT INTO run_evaluations (run_id, subset, status, accuracy, report, error, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET subset = excluded.subset, status = excluded.status, accuracy = excluded.accuracy,
           report = excluded.report, error = excluded.error, seconds = excluded.seconds, created_at = excluded.created_at`,
      ).run(row.runId, row.subset, row.status, row.accuracy, JSON.stringify(row.report), row.error, row.seconds, nowIso());
    },
    /** Run ids that have an evaluation, for the runs table. */
    accuracies(): Map<number, number> {
      const rows = db.prepare("SELECT run_id, accuracy FROM run_evaluations WHERE status = 'completed'").all() as Array<{ run_id: number; accuracy: number }>;
      return new Map(rows.map((r) => [r.run_id, r.accuracy]));
    },
  };
}
export type RunEvaluationsRepo = ReturnType<typeof runEvaluationsRepo>;
