import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { migrations } from '../../../electron/core/store/migrations/index';
import { migration080 } from '../../../electron/core/store/migrations/080-run-leases';

describe('migration 080 (run leases)', () => {
  it('upgrades a file with a running run, keeps it, and constrains leases to one per existing run', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = migrations.filter((m) => m.version < 80);
    migrate(db, before);
    db.prepare("INSERT INTO datasets (name, kind, created_at) VALUES ('shoes', 'image', 'now')").run();
    db.prepare("INSERT INTO runs (dataset_id, mode, status, created_at) VALUES (1, 'probe', 'running', 'now')").run();
    expect(migrate(db, [...before, migration080])).toBe(80);
    // An old file's running run has no lease: the next start treats its owner as gone.
    expect(db.prepare('SELECT status FROM runs').get()).toEqual({ status: 'running' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM run_leases').get()).toEqual({ n: 0 });

    const ins = db.prepare(
      "INSERT INTO run_leases (run_id, owner_pid, owner_host, owner_token, owner_kind, worker_pid, acquired_at, heartbeat_ms) VALUES (?, ?, 'h', 't', 'cli', ?, 'now', 1)",
    );
    ins.run(1, 123, 456);
    expect(() => ins.run(1, 124, null)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => ins.run(99, 124, null)).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO runs (dataset_id, mode, status, created_at) VALUES (1, 'probe', 'running', 'now')").run();
    expect(() => ins.run(2, 0, null)).toThrow(/CHECK/);
    expect(() => ins.run(2, 5, -1)).toThrow(/CHECK/);
    // Deleting the run removes its lease with it.
    db.prepare('DELETE FROM runs WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM run_leases').get()).toEqual({ n: 0 });
  });
});
