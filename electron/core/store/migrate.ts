import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/types';

export class SchemaTooNewError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(
      `This data folder was written by a newer Transfer Studio (schema ${found}; this version understands up to ${supported}). ` +
        'Update the app, or choose another data folder. Nothing was changed.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Runs every migration above the file's user_version, each in its own transaction so a
 * failure leaves the file at the last good version rather than half-written.
 */
export function migrate(db: Database, list: readonly Migration[]): number {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const latest = list.length ? list[list.length - 1]!.version : 0;
  if (version() > latest) throw new SchemaTooNewError(version(), latest);
  for (const m of list) {
    // IMMEDIATE takes the write lock before reading the version, so two processes opening a new
    // data dir at once (two CLI commands, the app and a script) run each step exactly once.
    db.transaction(() => {
      if (m.version <= version()) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return version();
}
