import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { migration010 } from '../../../electron/core/store/migrations/010-initial';
import { migration020 } from '../../../electron/core/store/migrations/020-snapshots';

describe('migration 020 (snapshots, import skips)', () => {
  it('upgrades a version-10 file with data in it and keeps the data', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [migration010]);
    db.prepare("INSERT INTO datasets (name, kind, created_at) VALUES ('shoes', 'image', 'now')").run();
    db.prepare("INSERT INTO runs (dataset_id, mode, status, created_at) VALUES (1, 'probe', 'completed', 'now')").run();
    expect(migrate(db, [migration010, migration020])).toBe(20);
    expect(db.prepare('SELECT name FROM datasets').get()).toEqual({ name: 'shoes' });
    expect(db.prepare('SELECT snapshot_id FROM runs').get()).toEqual({ snapshot_id: null });
    db.prepare("INSERT INTO snapshots (dataset_id, hash, labels, created_at) VALUES (1, 'abc', '[]', 'now')").run();
    expect(() => db.prepare("INSERT INTO snapshot_items (snapshot_id, item_id, label, subset) VALUES (1, 1, 'x', 'holdout')").run()).toThrow(
      /CHECK|FOREIGN KEY/,
    );
  });
});
