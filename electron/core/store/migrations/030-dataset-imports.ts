import type { Migration } from './types';

/**
 * What the datasets domain needs beyond 010/020: a row per import job (so a summary survives
 * the process), the file name and decoded format of each item (search, content type), and the
 * split settings of a dataset (so a re-split or a snapshot reuses the user's seed and ratios).
 */
export const migration030: Migration = {
  version: 30,
  name: 'dataset imports, item name and format, split settings',
  up(db) {
    db.exec(`
      CREATE TABLE dataset_imports (
        id TEXT PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed', 'interrupted')),
        items INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX dataset_imports_dataset ON dataset_imports(dataset_id);

      ALTER TABLE import_skips ADD COLUMN import_id TEXT REFERENCES dataset_imports(id) ON DELETE CASCADE;
      CREATE INDEX import_skips_dataset ON import_skips(dataset_id, id);

      ALTER TABLE items ADD COLUMN name TEXT NOT NULL DEFAULT '';
      ALTER TABLE items ADD COLUMN format TEXT;
      UPDATE items SET name = COALESCE(original_path, '');
      CREATE INDEX items_dataset_label ON items(dataset_id, label_id);

      ALTER TABLE datasets ADD COLUMN split_seed INTEGER;
      ALTER TABLE datasets ADD COLUMN split_ratios TEXT;

      CREATE INDEX snapshots_dataset ON snapshots(dataset_id, id);
    `);
  },
};
