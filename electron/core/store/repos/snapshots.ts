import type { Db } from '../db';
import type { SnapshotSummary, Subset } from '../../../../shared/domain/dataset';
import { nowIso } from './time';

export interface SnapshotItemRow {
  itemId: number;
  label: string | null;
  subset: Subset;
  contentHash: string;
  blobPath: string | null;
  text: string | null;
}

interface RawSnapshot {
  id: number;
  dataset_id: number;
  hash: string;
  labels: string;
  created_at: string;
}

export function snapshotsRepo(db: Db) {
  const summary = (r: RawSnapshot): SnapshotSummary => {
    const counts = db.prepare('SELECT subset, COUNT(*) AS n FROM snapshot_items WHERE snapshot_id = ? GROUP BY subset').all(r.id) as Array<{
      subset: Subset;
      n: number;
    }>;
    const subsets = { train: 0, val: 0, test: 0 };
    for (const c of counts) subsets[c.subset] = c.n;
    return {
      id: r.id,
      datasetId: r.dataset_id,
      hash: r.hash,
      labels: JSON.parse(r.labels) as string[],
      items: subsets.train + subsets.val + subsets.test,
      subsets,
      createdAt: r.created_at,
    };
  };
  return {
    create(datasetId: number, hash: string, labels: readonly string[], items: ReadonlyArray<{ itemId: number; label: string | null; subset: Subset }>): SnapshotSummary {
      const id = db.transaction(() => {
        const info = db.prepare('INSERT INTO snapshots (dataset_id, hash, labels, created_at) VALUES (?, ?, ?, ?)').run(datasetId, hash, JSON.stringify(labels), nowIso());
        const sid = Number(info.lastInsertRowid);
        const ins = db.prepare('INSERT INTO snapshot_items (snapshot_id, item_id, label, subset) VALUES (?, ?, ?, ?)');
        for (const i of items) ins.run(sid, i.itemId, i.label, i.subset);
        return sid;
      })();
      return this.get(id)!;
    },
    get(id: number): SnapshotSummary | undefined {
      const r = db.prepare('SELECT * FROM snapshots WHERE id = ?').get(id) as RawSnapshot | undefined;
      return r ? summary(r) : undefined;
    },
    findByHash(datasetId: number, hash: string): SnapshotSummary | undefined {
      const r = db.prepare('SELECT * FROM snapshots WHERE dataset_id = ? AND hash = ? ORDER BY id DESC LIMIT 1').get(datasetId, hash) as RawSnapshot | undefined;
      return r ? summary(r) : undefined;
    },
    list(datasetId: number): SnapshotSummary[] {
      return (db.prepare('SELECT * FROM snapshots WHERE dataset_id = ? ORDER BY id DESC').all(datasetId) as RawSnapshot[]).map(summary);
    },
    /** What a training run reads: the frozen label and subset, and where the bytes are. */
    items(snapshotId: number): SnapshotItemRow[] {
      return db
        .prepare(
          `SELECT si.item_id AS itemId, si.label, si.subset, items.content_hash AS contentHash, items.blob_path AS blobPath, items.text
           FROM snapshot_items si JOIN items ON items.id = si.item_id WHERE si.snapshot_id = ? ORDER BY si.item_id`,
        )
        .all(snapshotId) as SnapshotItemRow[];
    },
  };
}
export type SnapshotsRepo = ReturnType<typeof snapshotsRepo>;
