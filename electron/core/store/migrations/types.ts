import type { Database } from 'better-sqlite3';

/** One schema step. `version` is what PRAGMA user_version becomes after it; numbered in tens to leave room. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
