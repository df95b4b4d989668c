import type { Migration } from './types';

/**
 * What evaluation keeps: one prediction per (run, item) on the run's snapshot, and the report of
 * each evaluation. The true label is the snapshot's (what the run was judged on), so relabeling the
 * dataset afterwards never rewrites a past run's figures.
 */
export const migration070: Migration = {
  version: 70,
  name: 'run evaluations and per-item predictions',
  up(db) {
    db.exec(`
      CREATE TABLE run_evaluations (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        subset TEXT NOT NULL CHECK (subset IN ('train', 'val', 'test')),
        status TEXT NOT NULL CHECK (status IN ('completed', 'failed')),
        accuracy REAL,
        report TEXT NOT NULL DEFAULT '{}',
        error TEXT,
        seconds REAL NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE run_predictions (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        subset TEXT NOT NULL CHECK (subset IN ('train', 'val', 'test')),
        true_label TEXT NOT NULL,
        predicted_label TEXT NOT NULL,
        confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
        -- softmax over the run's labels, in their order (JSON array)
        probs TEXT NOT NULL,
        PRIMARY KEY (run_id, item_id)
      ) STRICT;
      CREATE INDEX run_predictions_cell ON run_predictions(run_id, true_label, predicted_label);
    `);
  },
};
