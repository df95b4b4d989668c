import type { Db } from '../db';
import type { Item, ItemFilter, Subset } from '../../../../shared/domain/dataset';
import { nowIso } from './time';

export interface NewItem {
  contentHash: string;
  blobPath: string | null;
  text: string | null;
  originalPath: string;
  name: string;
  width: number | null;
  height: number | null;
  thumbPath: string | null;
  format: string | null;
  labelId: number | null;
}

/** What training and snapshots read: where the bytes are and what the item is. */
export interface ItemFileRow {
  id: number;
  contentHash: string;
  blobPath: string | null;
  thumbPath: string | null;
  format: string | null;
  text: string | null;
  labelId: number | null;
}

interface RawListRow {
  id: number;
  name: string;
  original_path: string | null;
  content_hash: string;
  label_id: number | null;
  subset: Subset | null;
  width: number | null;
  height: number | null;
  text: string | null;
  thumb_path: string | null;
}

function whereFor(datasetId: number, filter: ItemFilter): { sql: string; args: unknown[] } {
  const parts = ['items.dataset_id = ?'];
  const args: unknown[] = [datasetId];
  if (filter.label === 'unlabeled') parts.push('items.label_id IS NULL');
  else if (filter.label !== undefined) {
    parts.push('items.label_id = ?');
    args.push(filter.label);
  }
  if (filter.subset === 'none') parts.push('splits.item_id IS NULL');
  else if (filter.subset !== undefined) {
    parts.push('splits.subset = ?');
    args.push(filter.subset);
  }
  const q = filter.search?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(`(items.name LIKE ? ESCAPE '\\' OR items.text LIKE ? ESCAPE '\\')`);
    args.push(like, like);
  }
  return { sql: parts.join(' AND '), args };
}

const LIST_SELECT = `SELECT items.id, items.name, items.original_path, items.content_hash, items.label_id, splits.subset,
  items.width, items.height, items.text, items.thumb_path FROM items LEFT JOIN splits ON splits.item_id = items.id`;

const toItem = (r: RawListRow): Item => ({
  id: r.id,
  name: r.name,
  originalPath: r.original_path,
  contentHash: r.content_hash,
  labelId: r.label_id,
  subset: r.subset,
  width: r.width,
  height: r.height,
  text: r.text,
  thumbId: r.thumb_path ? r.content_hash : null,
});

/** SQLite caps bound parameters; id lists go in slices this long. */
const SLICE = 500;

function slices<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += SLICE) out.push(xs.slice(i, i + SLICE));
  return out;
}

export function itemsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO items (dataset_id, content_hash, blob_path, text, original_path, name, width, height, thumb_path, format, label_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dataset_id, content_hash) DO NOTHING`,
  );
  return {
    /** Inserts in one transaction; returns, per item, whether it was new (false: same bytes already in the dataset). */
    insertMany(datasetId: number, items: readonly NewItem[]): boolean[] {
      const at = nowIso();
      return db.transaction(() =>
        items.map(
          (i) =>
            insert.run(datasetId, i.contentHash, i.blobPath, i.text, i.originalPath, i.name, i.width, i.height, i.thumbPath, i.format, i.labelId, at)
              .changes === 1,
        ),
      )();
    },
    /** Original path of the item with these bytes, if the dataset has it. */
    pathOfHash(datasetId: number, contentHash: string): string | undefined {
      const r = db.prepare('SELECT original_path AS p FROM items WHERE dataset_id = ? AND content_hash = ?').get(datasetId, contentHash) as
        | { p: string | null }
        | undefined;
      return r ? (r.p ?? '') : undefined;
    },
    /** The item with these bytes, with its class name, if the dataset has it. */
    labelOfHash(datasetId: number, contentHash: string): { path: string; label: string | null } | undefined {
      const r = db
        .prepare('SELECT items.original_path AS p, labels.name AS label FROM items LEFT JOIN labels ON labels.id = items.label_id WHERE items.dataset_id = ? AND items.content_hash = ?')
        .get(datasetId, contentHash) as { p: string | null; label: string | null } | undefined;
      return r ? { path: r.p ?? '', label: r.label } : undefined;
    },
    setLabelOfHash(datasetId: number, contentHash: string, labelId: number | null): number {
      return db.prepare('UPDATE items SET label_id = ? WHERE dataset_id = ? AND content_hash = ?').run(labelId, datasetId, contentHash).changes;
    },
    count(datasetId: number, filter: ItemFilter = {}): number {
      const w = whereFor(datasetId, filter);
      return (db.prepare(`SELECT COUNT(*) AS n FROM items LEFT JOIN splits ON splits.item_id = items.id WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
    },
    list(datasetId: number, filter: ItemFilter, offset: number, limit: number): Item[] {
      const w = whereFor(datasetId, filter);
      const rows = db
        .prepare(`${LIST_SELECT} WHERE ${w.sql} ORDER BY items.id LIMIT ? OFFSET ?`)
        .all(...w.args, limit, offset) as RawListRow[];
      return rows.map(toItem);
    },
    /** In the order asked for; ids of other datasets are left out. */
    byIds(datasetId: number, ids: readonly number[]): Item[] {
      const found = new Map<number, Item>();
      for (const s of slices(ids)) {
        const rows = db
          .prepare(`${LIST_SELECT} WHERE items.dataset_id = ? AND items.id IN (${s.map(() => '?').join(',')})`)
          .all(datasetId, ...s) as RawListRow[];
        for (const r of rows) found.set(r.id, toItem(r));
      }
      return ids.flatMap((i) => found.get(i) ?? []);
    },
    ids(datasetId: number, filter: ItemFilter): number[] {
      const w = whereFor(datasetId, filter);
      return (db.prepare(`SELECT items.id FROM items LEFT JOIN splits ON splits.item_id = items.id WHERE ${w.sql} ORDER BY items.id`).pluck().all(...w.args)) as number[];
    },
    /** id → label of the given items that belong to the dataset. */
    labelsOf(datasetId: number, itemIds: readonly number[]): Map<number, number | null> {
      const out = new Map<number, number | null>();
      for (const s of slices(itemIds)) {
        const rows = db
          .prepare(`SELECT id, label_id FROM items WHERE dataset_id = ? AND id IN (${s.map(() => '?').join(',')})`)
          .all(datasetId, ...s) as Array<{ id: number; label_id: number | null }>;
        for (const r of rows) out.set(r.id, r.label_id);
      }
      return out;
    },
    setLabel(datasetId: number, itemIds: readonly number[], labelId: number | null): number {
      const stmt = db.prepare('UPDATE items SET label_id = ? WHERE dataset_id = ? AND id = ?');
      let n = 0;
      for (const id of itemIds) n += stmt.run(labelId, datasetId, id).changes;
      return n;
    },
    relabelAll(datasetId: number, fromLabelId: number, toLabelId: number | null): number {
      return db.prepare('UPDATE items SET label_id = ? WHERE dataset_id = ? AND label_id = ?').run(toLabelId, datasetId, fromLabelId).changes;
    },
    /** Every item with what a split or a snapshot needs. */
    forSplit(datasetId: number): Array<{ id: number; contentHash: string; labelId: number | null }> {
      return db.prepare('SELECT id, content_hash AS contentHash, label_id AS labelId FROM items WHERE dataset_id = ? ORDER BY id').all(datasetId) as Array<{
        id: number;
        contentHash: string;
        labelId: number | null;
      }>;
    },
    files(itemIds: readonly number[]): ItemFileRow[] {
      const out: ItemFileRow[] = [];
      for (const s of slices(itemIds)) {
        out.push(
          ...(db
            .prepare(
              `SELECT id, content_hash AS contentHash, blob_path AS blobPath, thumb_path AS thumbPath, format, text, label_id AS labelId
               FROM items WHERE id IN (${s.map(() => '?').join(',')}) ORDER BY id`,
            )
            .all(...s) as ItemFileRow[]),
        );
      }
      return out;
    },
    /** Any item holding these bytes (blobs are shared across datasets), for the file routes. */
    byHash(contentHash: string): { blobPath: string | null; thumbPath: string | null; format: string | null } | undefined {
      return db
        .prepare('SELECT blob_path AS blobPath, thumb_path AS thumbPath, format FROM items WHERE content_hash = ? AND blob_path IS NOT NULL LIMIT 1')
        .get(contentHash) as { blobPath: string | null; thumbPath: string | null; format: string | null } | undefined;
    },
    unlabeledCount(datasetId: number): number {
      return (db.prepare('SELECT COUNT(*) AS n FROM items WHERE dataset_id = ? AND label_id IS NULL').get(datasetId) as { n: number }).n;
    },
  };
}
export type ItemsRepo = ReturnType<typeof itemsRepo>;
