import type { Db } from '../db';
import { nowIso } from './time';

export type MetricScope = 'step' | 'epoch';

export interface MetricPoint {
  scope: MetricScope;
  /** Global step for 'step', epoch number (from 1) for 'epoch'. */
  idx: number;
  name: string;
  value: number;
}

export function runMetricsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO run_metrics (run_id, scope, idx, name, value, at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, scope, idx, name) DO UPDATE SET value = excluded.value, at = excluded.at`,
  );
  return {
    /** Upsert: a resumed run that replays an epoch overwrites it instead of duplicating it. */
    record(runId: number, points: readonly MetricPoint[]): void {
      const at = nowIso();
      db.transaction(() => {
        for (const p of points) insert.run(runId, p.scope, p.idx, p.name, p.value, at);
      })();
    },
    list(runId: number, scope?: MetricScope): MetricPoint[] {
      const sql = scope
        ? 'SELECT scope, idx, name, value FROM run_metrics WHERE run_id = ? AND scope = ? ORDER BY idx, name'
        : 'SELECT scope, idx, name, value FROM run_metrics WHERE run_id = ? ORDER BY scope, idx, name';
      return (scope ? db.prepare(sql).all(runId, scope) : db.prepare(sql).all(runId)) as MetricPoint[];
    },
    /** Drops points past a checkpoint so a resume can replay from it cleanly. */
    truncateAfter(runId: number, epoch: number, step: number): void {
      db.prepare(`DELETE FROM run_metrics WHERE run_id = ? AND ((scope = 'epoch' AND idx > ?) OR (scope = 'step' AND idx > ?))`).run(
        runId,
        epoch,
        step,
      );
    },
  };
}
export type RunMetricsRepo = ReturnType<typeof runMetricsRepo>;
