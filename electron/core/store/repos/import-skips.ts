import type { Db } from '../db';
import type { SkipRecord } from '../../../../shared/domain/dataset';
import { nowIso } from './time';

export function importSkipsRepo(db: Db) {
  const insert = db.prepare('INSERT INTO import_skips (dataset_id, import_id, path, reason, created_at) VALUES (?, ?, ?, ?, ?)');
  return {
    addMany(datasetId: number, importId: string, skips: readonly SkipRecord[]): void {
      const at = nowIso();
      db.transaction(() => {
        for (const s of skips) insert.run(datasetId, importId, s.path, s.reason, at);
      })();
    },
    list(datasetId: number): Array<SkipRecord & { createdAt: string }> {
      return db
        .prepare('SELECT path, reason, created_at AS createdAt FROM import_skips WHERE dataset_id = ? ORDER BY id')
        .all(datasetId) as Array<SkipRecord & { createdAt: string }>;
    },
    count(datasetId: number): number {
      return (db.prepare('SELECT COUNT(*) AS n FROM import_skips WHERE dataset_id = ?').get(datasetId) as { n: number }).n;
    },
  };
}
export type ImportSkipsRepo = ReturnType<typeof importSkipsRepo>;
