import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { migration010 } from '../../../electron/core/store/migrations/010-initial';
import { migration020 } from '../../../electron/core/store/migrations/020-snapshots';
import { migration030 } from '../../../electron/core/store/migrations/030-dataset-imports';

describe('migration 030 (dataset imports, item name and format, split settings)', () => {
  it('upgrades a version-20 file with items in it, fills item names, and adds the new tables and columns', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [migration010, migration020]);
    db.prepare("INSERT INTO datasets (name, kind, created_at) VALUES ('shoes', 'image', 'now')").run();
    db.prepare("INSERT INTO items (dataset_id, content_hash, original_path, created_at) VALUES (1, 'h1', '/photos/boot.jpg', 'now')").run();
    db.prepare("INSERT INTO import_skips (dataset_id, path, reason, created_at) VALUES (1, '/photos/x.jpg', 'empty file', 'now')").run();
    expect(migrate(db, [migration010, migration020, migration030])).toBe(30);
    expect(db.prepare('SELECT name, format FROM items').get()).toEqual({ name: '/photos/boot.jpg', format: null });
    expect(db.prepare('SELECT import_id FROM import_skips').get()).toEqual({ import_id: null });
    expect(db.prepare('SELECT split_seed, split_ratios FROM datasets').get()).toEqual({ split_seed: null, split_ratios: null });
    db.prepare("INSERT INTO dataset_imports (id, dataset_id, source, status, started_at) VALUES ('imp_1', 1, '/photos', 'running', 'now')").run();
    expect(() => db.prepare("INSERT INTO dataset_imports (id, dataset_id, source, status, started_at) VALUES ('imp_2', 1, '/p', 'exploded', 'now')").run()).toThrow(/CHECK/);
    // Deleting a dataset takes its import records along.
    db.prepare('DELETE FROM datasets WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM dataset_imports').get()).toEqual({ n: 0 });
  });
});
