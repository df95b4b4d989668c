import type { Migration } from './types';

/**
 * Who trains a run. Several faces (the app, `studio serve`, a CLI `studio train`) may open one data
 * folder; each writes a lease before it starts a training process and refreshes its heartbeat while
 * it owns the run. Another face marks the run interrupted, or resumes it, only when the owner is gone
 * (its pid is dead on this host, or its heartbeat is stale), so a live run is never taken twice.
 */
export const migration080: Migration = {
  version: 80,
  name: 'run leases',
  up(db) {
    db.exec(`
      CREATE TABLE run_leases (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        owner_pid INTEGER NOT NULL CHECK (owner_pid > 0),
        owner_host TEXT NOT NULL,
        -- random per opened core: two cores in one process (tests, a restarted core) are told apart
        owner_token TEXT NOT NULL,
        -- 'app', 'serve', 'cli' or 'core': what to tell the user who holds the run
        owner_kind TEXT NOT NULL,
        -- the training process, once started: a takeover waits for it to be gone
        worker_pid INTEGER CHECK (worker_pid IS NULL OR worker_pid > 0),
        acquired_at TEXT NOT NULL,
        -- milliseconds since the epoch, compared with the reader's clock
        heartbeat_ms INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
