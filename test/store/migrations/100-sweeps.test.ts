import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { migrations } from '../../../electron/core/store/migrations/index';
import { migration100 } from '../../../electron/core/store/migrations/100-sweeps';

describe('migration 100 (sweeps)', () => {
  it('upgrades a file with runs, keeps them, applies an epoch once per run, and cascades with the run', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = migrations.filter((m) => m.version < 100);
    migrate(db, before);
    db.prepare("INSERT INTO datasets (name, kind, created_at) VALUES ('shoes', 'image', 'now')").run();
    db.prepare("INSERT INTO snapshots (dataset_id, hash, labels, created_at) VALUES (1, 'h', '[]', 'now')").run();
    db.prepare("INSERT INTO runs (dataset_id, mode, status, created_at) VALUES (1, 'probe', 'queued', 'now')").run();
    expect(migrate(db, [...before, migration100])).toBe(100);
    expect(db.prepare('SELECT status FROM runs').get()).toEqual({ status: 'queued' });

    db.prepare("INSERT INTO sweeps (dataset_id, snapshot_id, queue, created_at) VALUES (1, 1, 'redis://h:1', 'now')").run();
    db.prepare('INSERT INTO sweep_runs (run_id, sweep_id, position, seed) VALUES (1, 1, 0, 0)').run();
    expect(db.prepare('SELECT refusals, attempts, epoch FROM sweep_runs').get()).toEqual({ refusals: '[]', attempts: 0, epoch: 0 });
    const guard = db.prepare("INSERT INTO sweep_epochs (run_id, epoch, worker, applied_at) VALUES (?, ?, 'w', 'now')");
    guard.run(1, 1);
    // A re-delivered epoch of the same run is refused by the key; epochs count from 1.
    expect(() => guard.run(1, 1)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => guard.run(1, 0)).toThrow(/CHECK/);
    expect(() => guard.run(99, 2)).toThrow(/FOREIGN KEY/);
    // One position per sweep.
    db.prepare("INSERT INTO runs (dataset_id, mode, status, created_at) VALUES (1, 'probe', 'queued', 'now')").run();
    expect(() => db.prepare('INSERT INTO sweep_runs (run_id, sweep_id, position, seed) VALUES (2, 1, 0, 1)').run()).toThrow(/UNIQUE/);
    // Deleting the run removes its sweep row and its applied epochs.
    db.prepare('DELETE FROM runs WHERE id = 1').run();
    expect(db.prepare('SELECT (SELECT COUNT(*) FROM sweep_runs) AS r, (SELECT COUNT(*) FROM sweep_epochs) AS e').get()).toEqual({ r: 0, e: 0 });
  });
});
