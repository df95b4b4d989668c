import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, SchemaTooNewError } from './migrate';
import { latestSchemaVersion, migrations } from './migrations/index';
import { sqliteNativeBinding } from '../native-binding';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the experiment store. One process holds this handle and is the
 * only writer; the training process reports through messages instead of writing.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  // Under Electron, its own-ABI build of better-sqlite3 (packaged in resources/native); under Node, node_modules' build.
  const db = new Database(file, { nativeBinding: sqliteNativeBinding() });
  try {
    // Refuse a newer file before touching it, not even to switch its journal mode.
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > latestSchemaVersion) throw new SchemaTooNewError(found, latestSchemaVersion);
    // Wait for another process's lock rather than fail: set before anything that writes.
    db.pragma('busy_timeout = 10000');
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
