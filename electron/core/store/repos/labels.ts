import type { Db } from '../db';

/** A class of a dataset (the `labels` table). position orders the legend and its 1–9 keys. */
export interface LabelRow {
  id: number;
  datasetId: number;
  name: string;
  position: number;
}

interface RawLabel {
  id: number;
  dataset_id: number;
  name: string;
  position: number;
}

const toRow = (r: RawLabel): LabelRow => ({ id: r.id, datasetId: r.dataset_id, name: r.name, position: r.position });

export function labelsRepo(db: Db) {
  return {
    list(datasetId: number): LabelRow[] {
      return (db.prepare('SELECT * FROM labels WHERE dataset_id = ? ORDER BY position, id').all(datasetId) as RawLabel[]).map(toRow);
    },
    /** With the number of items of each class. */
    listWithCounts(datasetId: number): Array<LabelRow & { count: number }> {
      const rows = db
        .prepare(
          `SELECT labels.*, (SELECT COUNT(*) FROM items WHERE items.dataset_id = labels.dataset_id AND items.label_id = labels.id) AS count
           FROM labels WHERE dataset_id = ? ORDER BY position, id`,
        )
        .all(datasetId) as Array<RawLabel & { count: number }>;
      return rows.map((r) => ({ ...toRow(r), count: r.count }));
    },
    get(id: number): LabelRow | undefined {
      const r = db.prepare('SELECT * FROM labels WHERE id = ?').get(id) as RawLabel | undefined;
      return r ? toRow(r) : undefined;
    },
    findByName(datasetId: number, name: string): LabelRow | undefined {
      const r = db.prepare('SELECT * FROM labels WHERE dataset_id = ? AND name = ?').get(datasetId, name) as RawLabel | undefined;
      return r ? toRow(r) : undefined;
    },
    create(datasetId: number, name: string): LabelRow {
      const next = (db.prepare('SELECT COALESCE(MAX(position) + 1, 0) AS p FROM labels WHERE dataset_id = ?').get(datasetId) as { p: number }).p;
      const info = db.prepare('INSERT INTO labels (dataset_id, name, position) VALUES (?, ?, ?)').run(datasetId, name, next);
      return { id: Number(info.lastInsertRowid), datasetId, name, position: next };
    },
    ensure(datasetId: number, name: string): LabelRow {
      return this.findByName(datasetId, name) ?? this.create(datasetId, name);
    },
    rename(id: number, name: string): void {
      db.prepare('UPDATE labels SET name = ? WHERE id = ?').run(name, id);
    },
    /** Removes a class and closes the gap so the legend keys stay 1..n. */
    remove(id: number): void {
      const row = this.get(id);
      if (!row) return;
      db.prepare('DELETE FROM labels WHERE id = ?').run(id);
      db.prepare('UPDATE labels SET position = position - 1 WHERE dataset_id = ? AND position > ?').run(row.datasetId, row.position);
    },
  };
}
export type LabelsRepo = ReturnType<typeof labelsRepo>;
