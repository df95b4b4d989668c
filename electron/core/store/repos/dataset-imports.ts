import type { Db } from '../db';
import { nowIso } from './time';

export type DatasetImportStatus = 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted';

export interface DatasetImportRow {
  id: string;
  datasetId: number;
  source: string;
  status: DatasetImportStatus;
  items: number;
  duplicates: number;
  skipped: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

interface RawImport {
  id: string;
  dataset_id: number;
  source: string;
  status: DatasetImportStatus;
  items: number;
  duplicates: number;
  skipped: number;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

const toRow = (r: RawImport): DatasetImportRow => ({
  id: r.id,
  datasetId: r.dataset_id,
  source: r.source,
  status: r.status,
  items: r.items,
  duplicates: r.duplicates,
  skipped: r.skipped,
  error: r.error,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

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
    get(id: string): DatasetImportRow | undefined {
      const r = db.prepare('SELECT * FROM dataset_imports WHERE id = ?').get(id) as RawImport | undefined;
      return r ? toRow(r) : undefined;
    },
    /** An import still marked running when nothing in this process runs it was cut off. */
    markInterrupted(exceptIds: readonly string[]): void {
      const rows = db.prepare(`SELECT id FROM dataset_imports WHERE status = 'running'`).all() as Array<{ id: string }>;
      const stmt = db.prepare(`UPDATE dataset_imports SET status = 'interrupted', finished_at = ? WHERE id = ?`);
      for (const r of rows) if (!exceptIds.includes(r.id)) stmt.run(nowIso(), r.id);
    },
  };
}
export type DatasetImportsRepo = ReturnType<typeof datasetImportsRepo>;
