import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { migration010 } from '../../../electron/core/store/migrations/010-initial';

describe('migration 010 (initial schema)', () => {
  it('creates the core tables as STRICT tables and sets user_version 10', () => {
    const db = new Database(':memory:');
    expect(migrate(db, [migration010])).toBe(10);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string; sql: string }>;
    const names = tables.map((t) => t.name).sort();
    expect(names).toEqual(['artifacts', 'backbones', 'datasets', 'items', 'labels', 'projects', 'run_metrics', 'runs', 'splits']);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
  });

  it('rejects a value of the wrong type (STRICT) and a duplicated epoch metric', () => {
    const db = new Database(':memory:');
    migrate(db, [migration010]);
    db.prepare("INSERT INTO runs (mode, status, created_at) VALUES ('probe', 'running', 'now')").run();
    expect(() =>
      db.prepare("INSERT INTO run_metrics (run_id, scope, idx, name, value, at) VALUES (1, 'epoch', 'first', 'loss', 0.5, 'now')").run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    const put = db.prepare("INSERT INTO run_metrics (run_id, scope, idx, name, value, at) VALUES (1, 'epoch', 1, 'loss', 0.5, 'now')");
    put.run();
    expect(() => put.run()).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('enforces foreign keys when they are on', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [migration010]);
    expect(() => db.prepare("INSERT INTO items (dataset_id, content_hash, created_at) VALUES (99, 'h', 'now')").run()).toThrow(/FOREIGN KEY/);
  });
});
