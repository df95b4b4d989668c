import type { Db } from '../db';
import { nowIso } from './time';

export type DatasetImportStatus = 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted';

export function datasetImportsRepo(db: Db) {
  return {
    start(id: string, datasetId: number, source: string): void {
      db.prepare(`INSERT INTO dataset_imports (id, dataset_id, source, status, started_at) VALUES (?, ?, ?, 'running', ?)`).run(
        id,
        datasetId,
        source,
        nowIso(),
      );
    },
    finish(id: string, r: { status: Exclude<DatasetImportStatus, 'running'>; items: number; duplicates: number; skipped: number; error: string | null }): void {
      db.prepare('UPDATE dataset_imports SET status = ?, items = ?, duplicates = ?, skipped = ?, error = ?, finished_at = ? WHERE id = ?').run(
        r.status,
        r.items,
        r.duplicates,
        r.skipped,
        r.error,
        nowIso(),
        id,
      );
    },
    /** An import still marked running when the process that ran it is gone was cut off. */
    markInterrupted(): void {
      db.prepare(`UPDATE dataset_imports SET status = 'interrupted', finished_at = ? WHERE status = 'running'`).run(nowIso());
    },
  };
}
export type DatasetImportsRepo = ReturnType<typeof datasetImportsRepo>;
