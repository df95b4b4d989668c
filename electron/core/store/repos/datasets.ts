import type { Db } from '../db';
import type { DatasetKind, SplitRatios } from '../../../../shared/domain/dataset';
import { nowIso } from './time';

export interface DatasetRow {
  id: number;
  projectId: number | null;
  name: string;
  kind: DatasetKind;
  sourcePath: string | null;
  createdAt: string;
  splitSeed: number | null;
  splitRatios: SplitRatios | null;
}

interface RawDataset {
  id: number;
  project_id: number | null;
  name: string;
  kind: DatasetKind;
  source_path: string | null;
  created_at: string;
  split_seed: number | null;
  split_ratios: string | null;
}

const toRow = (r: RawDataset): DatasetRow => ({
  id: r.id,
  projectId: r.project_id,
  name: r.name,
  kind: r.kind,
  sourcePath: r.source_path,
  createdAt: r.created_at,
  splitSeed: r.split_seed,
  splitRatios: r.split_ratios ? (JSON.parse(r.split_ratios) as SplitRatios) : null,
});

export function datasetsRepo(db: Db) {
  return {
    create(d: { projectId: number | null; name: string; kind: DatasetKind; sourcePath: string | null }): DatasetRow {
      const info = db
        .prepare('INSERT INTO datasets (project_id, name, kind, source_path, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(d.projectId, d.name, d.kind, d.sourcePath, nowIso());
      return this.get(Number(info.lastInsertRowid))!;
    },
    get(id: number): DatasetRow | undefined {
      const r = db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as RawDataset | undefined;
      return r ? toRow(r) : undefined;
    },
    list(): DatasetRow[] {
      return (db.prepare('SELECT * FROM datasets ORDER BY id DESC').all() as RawDataset[]).map(toRow);
    },
    rename(id: number, name: string): void {
      db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(name, id);
    },
    setKind(id: number, kind: DatasetKind): void {
      db.prepare('UPDATE datasets SET kind = ? WHERE id = ?').run(kind, id);
    },
    setSplitConfig(id: number, seed: number, ratios: SplitRatios): void {
      db.prepare('UPDATE datasets SET split_seed = ?, split_ratios = ? WHERE id = ?').run(seed, JSON.stringify(ratios), id);
    },
    remove(id: number): void {
      db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
    },
    runsUsing(id: number): number {
      return (db.prepare('SELECT COUNT(*) AS n FROM runs WHERE dataset_id = ?').get(id) as { n: number }).n;
    },
  };
}
export type DatasetsRepo = ReturnType<typeof datasetsRepo>;
