import type { Db } from '../db';
import { nowIso } from './time';

export interface ProjectRow {
  id: number;
  name: string;
  createdAt: string;
}

interface RawProject {
  id: number;
  name: string;
  created_at: string;
}

const toRow = (r: RawProject): ProjectRow => ({ id: r.id, name: r.name, createdAt: r.created_at });

export function projectsRepo(db: Db) {
  return {
    create(name: string): ProjectRow {
      const createdAt = nowIso();
      const info = db.prepare('INSERT INTO projects (name, created_at) VALUES (?, ?)').run(name, createdAt);
      return { id: Number(info.lastInsertRowid), name, createdAt };
    },
    list(): ProjectRow[] {
      return (db.prepare('SELECT * FROM projects ORDER BY id').all() as RawProject[]).map(toRow);
    },
    /** The studio works in one default project until projects are exposed in the UI. */
    ensureDefault(): ProjectRow {
      const first = db.prepare('SELECT * FROM projects ORDER BY id LIMIT 1').get() as RawProject | undefined;
      return first ? toRow(first) : this.create('Default project');
    },
  };
}
export type ProjectsRepo = ReturnType<typeof projectsRepo>;
