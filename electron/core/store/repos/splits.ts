import type { Db } from '../db';
import type { Subset } from '../../../../shared/domain/dataset';

export function splitsRepo(db: Db) {
  return {
    /** Replaces the split of a dataset in one transaction: a reader never sees half of two splits. */
    replace(datasetId: number, seed: number, assignments: ReadonlyMap<number, Subset>): void {
      const insert = db.prepare('INSERT INTO splits (item_id, subset, seed) VALUES (?, ?, ?)');
      db.transaction(() => {
        db.prepare('DELETE FROM splits WHERE item_id IN (SELECT id FROM items WHERE dataset_id = ?)').run(datasetId);
        for (const [itemId, subset] of assignments) insert.run(itemId, subset, seed);
      })();
    },
    counts(datasetId: number): { train: number; val: number; test: number; none: number } {
      const rows = db
        .prepare(
          `SELECT COALESCE(splits.subset, 'none') AS s, COUNT(*) AS n FROM items LEFT JOIN splits ON splits.item_id = items.id
           WHERE items.dataset_id = ? GROUP BY s`,
        )
        .all(datasetId) as Array<{ s: Subset | 'none'; n: number }>;
      const out = { train: 0, val: 0, test: 0, none: 0 };
      for (const r of rows) out[r.s] = r.n;
      return out;
    },
    forDataset(datasetId: number): Map<number, Subset> {
      const rows = db
        .prepare('SELECT splits.item_id AS id, splits.subset AS s FROM splits JOIN items ON items.id = splits.item_id WHERE items.dataset_id = ?')
        .all(datasetId) as Array<{ id: number; s: Subset }>;
      return new Map(rows.map((r) => [r.id, r.s]));
    },
  };
}
export type SplitsRepo = ReturnType<typeof splitsRepo>;
