import type { Migration } from './types';

export const migration010: Migration = {
  version: 10,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('image', 'text')),
        source_path TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      -- Class names of a dataset; position keeps the legend's 1-9 keys stable.
      CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        UNIQUE (dataset_id, name)
      ) STRICT;

      -- content_hash is the sha256 of the bytes; blob_path is relative to the data dir
      -- (content-addressed), so moving the user's folder later loses nothing.
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        blob_path TEXT,
        text TEXT,
        original_path TEXT,
        width INTEGER,
        height INTEGER,
        thumb_path TEXT,
        label_id INTEGER REFERENCES labels(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        UNIQUE (dataset_id, content_hash)
      ) STRICT;
      CREATE INDEX items_dataset ON items(dataset_id, id);
      CREATE INDEX items_label ON items(label_id);

      CREATE TABLE splits (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        subset TEXT NOT NULL CHECK (subset IN ('train', 'val', 'test')),
        seed INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE backbones (
        id TEXT PRIMARY KEY,
        family TEXT NOT NULL,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        path TEXT NOT NULL,
        weights_hash TEXT NOT NULL,
        feature_dim INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL,
        license TEXT,
        config TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
        backbone_id TEXT REFERENCES backbones(id) ON DELETE SET NULL,
        mode TEXT NOT NULL CHECK (mode IN ('probe', 'finetune', 'full')),
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled', 'interrupted')),
        params TEXT NOT NULL DEFAULT '{}',
        metrics TEXT NOT NULL DEFAULT '{}',
        backend TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      ) STRICT;

      -- scope 'step' rows are per batch, 'epoch' rows per epoch; the unique key is what
      -- keeps a resumed run from writing an epoch twice.
      CREATE TABLE run_metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('step', 'epoch')),
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        value REAL NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (run_id, scope, idx, name)
      ) STRICT;

      CREATE TABLE artifacts (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        path TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        sha256 TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
