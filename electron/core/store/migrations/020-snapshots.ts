import type { Migration } from './types';

/** Immutable dataset snapshots (what a run trained on) and the skip list of each import. */
export const migration020: Migration = {
  version: 20,
  name: 'snapshots and import skips',
  up(db) {
    db.exec(`
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        hash TEXT NOT NULL,
        labels TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      -- Copies of label and subset at snapshot time: relabeling later never changes a past run.
      CREATE TABLE snapshot_items (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        label TEXT,
        subset TEXT NOT NULL CHECK (subset IN ('train', 'val', 'test')),
        PRIMARY KEY (snapshot_id, item_id)
      ) STRICT;

      CREATE TABLE import_skips (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      ALTER TABLE runs ADD COLUMN snapshot_id INTEGER REFERENCES snapshots(id) ON DELETE SET NULL;
    `);
  },
};
