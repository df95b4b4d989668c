import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { migrations } from '../../../electron/core/store/migrations/index';
import { migration070 } from '../../../electron/core/store/migrations/070-run-evaluations';

describe('migration 070 (run evaluations, per-item predictions)', () => {
  it('upgrades a file with a run and items, keeps them, and constrains predictions', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = migrations.filter((m) => m.version < 70);
    migrate(db, before);
    db.prepare("INSERT INTO datasets (name, kind, created_at) VALUES ('shoes', 'image', 'now')").run();
    db.prepare("INSERT INTO items (dataset_id, content_hash, created_at) VALUES (1, 'h1', 'now')").run();
    db.prepare("INSERT INTO runs (dataset_id, mode, status, created_at) VALUES (1, 'probe', 'completed', 'now')").run();
    expect(migrate(db, [...before, migration070])).toBe(70);
    expect(db.prepare('SELECT status FROM runs').get()).toEqual({ status: 'completed' });

    const ins = db.prepare(
      'INSERT INTO run_predictions (run_id, item_id, subset, true_label, predicted_label, confidence, probs) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    ins.run(1, 1, 'test', 'boot', 'sandal', 0.8, '[0.2,0.8]');
    expect(() => ins.run(1, 1, 'test', 'boot', 'boot', 0.5, '[]')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => ins.run(1, 99, 'test', 'boot', 'boot', 0.5, '[]')).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO items (dataset_id, content_hash, created_at) VALUES (1, 'h2', 'now')").run();
    expect(() => ins.run(1, 2, 'test', 'boot', 'boot', 1.5, '[]')).toThrow(/CHECK/);
    db.prepare("INSERT INTO run_evaluations (run_id, subset, status, accuracy, created_at) VALUES (1, 'test', 'completed', 1, 'now')").run();

    // Deleting the run removes its evaluation and predictions with it.
    db.prepare('DELETE FROM runs WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM run_predictions').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM run_evaluations').get()).toEqual({ n: 0 });
  });
});
