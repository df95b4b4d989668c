import type { Migration } from './types';

/**
 * Sweeps (backbones × modes × seeds on one snapshot) and what the coordinator has applied of the
 * results workers send back through the queue. A queue delivers at least once (a result re-sent after
 * a crash, a stalled job retried), so every epoch a run reports is applied exactly once: its
 * (run, epoch) row in sweep_epochs is the guard, written in the same transaction as the metrics.
 */
export const migration100: Migration = {
  version: 100,
  name: 'sweeps',
  up(db) {
    db.exec(`
      CREATE TABLE sweeps (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        -- the Redis URL it was fanned out on; NULL: trained here through the scheduler
        queue TEXT,
        -- backbone id -> its files by content hash, what workers fetch
        manifests TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE sweep_runs (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        worker TEXT,
        backend TEXT,
        epoch INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        resumed_from_epoch INTEGER,
        reason TEXT,
        -- JSON [{worker, reason}]: workers that refused it
        refusals TEXT NOT NULL DEFAULT '[]',
        UNIQUE (sweep_id, position)
      ) STRICT;
      CREATE TABLE sweep_epochs (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL CHECK (epoch >= 1),
        worker TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        PRIMARY KEY (run_id, epoch)
      ) STRICT;
    `);
  },
};
