import { join } from 'node:path';
import type { Db } from '../store/db';
import { StudioError } from '../../../shared/api/errors';
import { backbonesRepo, type BackboneRow } from '../store/repos/backbones';
import type { PlanItem } from './data/types';

export interface SnapshotPlan {
  snapshotId: number;
  labels: string[];
  items: PlanItem[];
}

/**
 * Items of a snapshot with labels as indices; unlabeled items are left out. Read-only. Ordered by
 * content, not by id: the same files and seed give the same run (shuffles, folds) whatever order
 * they were imported in.
 */
export function snapshotPlan(db: Db, dataDir: string, snapshotId: number): SnapshotPlan {
  const snap = db.prepare('SELECT labels FROM snapshots WHERE id = ?').get(snapshotId) as { labels: string } | undefined;
  if (!snap) throw new StudioError('not_found', `No snapshot ${snapshotId}.`);
  const labels = JSON.parse(snap.labels) as string[];
  const rows = db
    .prepare(
      `SELECT si.item_id AS itemId, si.label, si.subset, items.content_hash AS contentHash, items.blob_path AS blobPath, items.text
       FROM snapshot_items si JOIN items ON items.id = si.item_id WHERE si.snapshot_id = ? ORDER BY items.content_hash, si.item_id`,
    )
    .all(snapshotId) as Array<{ itemId: number; label: string | null; subset: PlanItem['subset']; contentHash: string; blobPath: string | null; text: string | null }>;
  const index = new Map(labels.map((l, i) => [l, i]));
  const items: PlanItem[] = [];
  for (const r of rows) {
    if (r.label === null || !index.has(r.label)) continue;
    const it: PlanItem = { itemId: r.itemId, contentHash: r.contentHash, label: index.get(r.label)!, subset: r.subset };
    if (r.blobPath) it.path = join(dataDir, r.blobPath);
    if (r.text !== null) it.text = r.text;
    items.push(it);
  }
  if (labels.length < 2) throw new StudioError('bad_input', 'Training needs at least two labels.');
  if (!items.some((i) => i.subset === 'train')) throw new StudioError('bad_input', 'The snapshot has no labeled training items.');
  return { snapshotId, labels, items };
}

export function backboneFor(db: Db, id: string): BackboneRow {
  const b = backbonesRepo(db).get(id);
  if (!b) throw new StudioError('not_found', `No backbone "${id}". Add one with \`studio backbones add\`.`);
  return b;
}
