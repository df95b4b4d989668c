import type { Db } from '../db';
import { nowIso } from './time';

export interface ArtifactRow {
  id: number;
  runId: number;
  kind: string;
  path: string;
  bytes: number;
  sha256: string | null;
  createdAt: string;
}

interface RawArtifact {
  id: number;
  run_id: number;
  kind: string;
  path: string;
  bytes: number;
  sha256: string | null;
  created_at: string;
}

const toRow = (r: RawArtifact): ArtifactRow => ({
  id: r.id,
  runId: r.run_id,
  kind: r.kind,
  path: r.path,
  bytes: r.bytes,
  sha256: r.sha256,
  createdAt: r.created_at,
});

export function artifactsRepo(db: Db) {
  return {
    add(a: Omit<ArtifactRow, 'id' | 'createdAt'>): ArtifactRow {
      const createdAt = nowIso();
      const info = db
        .prepare('INSERT INTO artifacts (run_id, kind, path, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(a.runId, a.kind, a.path, a.bytes, a.sha256, createdAt);
      return { ...a, id: Number(info.lastInsertRowid), createdAt };
    },
    remove(id: number): void {
      db.prepare('DELETE FROM artifacts WHERE id = ?').run(id);
    },
    listForRun(runId: number, kind?: string): ArtifactRow[] {
      const rows = kind
        ? db.prepare('SELECT * FROM artifacts WHERE run_id = ? AND kind = ? ORDER BY id').all(runId, kind)
        : db.prepare('SELECT * FROM artifacts WHERE run_id = ? ORDER BY id').all(runId);
      return (rows as RawArtifact[]).map(toRow);
    },
  };
}
export type ArtifactsRepo = ReturnType<typeof artifactsRepo>;
