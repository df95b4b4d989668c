import Database from 'better-sqlite3';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, SchemaTooNewError } from '../../electron/core/store/migrate';
import { latestSchemaVersion, migrations } from '../../electron/core/store/migrations/index';
import { openDatabase } from '../../electron/core/store/db';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

function schemaOf(db: Database.Database): string[] {
  return (db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").all() as Array<{ sql: string }>).map((r) => r.sql);
}

describe('migrations', () => {
  it('are numbered in tens and strictly increasing', () => {
    migrations.forEach((m, i) => {
      expect(m.version % 10).toBe(0);
      if (i > 0) expect(m.version).toBeGreaterThan(migrations[i - 1]!.version);
    });
  });

  it('bring a file at every earlier version to the newest, with the same schema as a fresh one', () => {
    const fresh = new Database(':memory:');
    migrate(fresh, migrations);
    const expected = schemaOf(fresh);
    for (let k = 0; k < migrations.length; k++) {
      const db = new Database(':memory:');
      migrate(db, migrations.slice(0, k));
      expect(migrate(db, migrations)).toBe(latestSchemaVersion);
      expect(schemaOf(db)).toEqual(expected);
    }
  });

  it('roll back a failing step completely and leave the previous version', () => {
    const db = new Database(':memory:');
    const broken = { version: 9990, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (x INTEGER) STRICT; SELECT * FROM nope;') };
    expect(() => migrate(db, [...migrations, broken])).toThrow(/no such table: nope/);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
  });

  it('refuse a file from a newer version with a clear message and leave it byte-for-byte unchanged', () => {
    const dir = tmp();
    const file = join(dir, 'studio.db');
    const db = openDatabase(file);
    db.pragma(`user_version = ${latestSchemaVersion + 10}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    copyFileSync(file, join(dir, 'before.db'));
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer Transfer Studio.*Nothing was changed/);
    expect(readFileSync(file).equals(readFileSync(join(dir, 'before.db')))).toBe(true);
  });

  it('open the store with WAL and foreign keys on', () => {
    const db = openDatabase(join(tmp(), 'studio.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});

describe('several processes opening a new data dir at once', () => {
  it('all succeed and each migration runs once', async () => {
    const { spawn } = await import('node:child_process');
    const file = join(tmp(), 'studio.db');
    const code = `import { openDatabase } from ${JSON.stringify(join(process.cwd(), 'electron/core/store/db.ts'))};
      const db = openDatabase(${JSON.stringify(file)}); console.log(db.pragma('user_version', { simple: true })); db.close();`;
    const runs = Array.from({ length: 6 }, () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('exit', (c) => resolve({ code: c, out, err }));
      }),
    );
    for (const r of await Promise.all(runs)) {
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(String(latestSchemaVersion));
    }
  });
});
