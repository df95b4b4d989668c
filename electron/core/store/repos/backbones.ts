import type { Db } from '../db';
import { nowIso } from './time';

export interface BackboneRow {
  id: string;
  family: string;
  name: string;
  /** 'local' for a folder the user added, else the hub repo id it came from. */
  source: string;
  path: string;
  weightsHash: string;
  featureDim: number;
  sizeBytes: number;
  license: string | null;
  config: Record<string, unknown>;
  createdAt: string;
}

interface RawBackbone {
  id: string;
  family: string;
  name: string;
  source: string;
  path: string;
  weights_hash: string;
  feature_dim: number;
  size_bytes: number;
  license: string | null;
  config: string;
  created_at: string;
}

const toRow = (r: RawBackbone): BackboneRow => ({
  id: r.id,
  family: r.family,
  name: r.name,
  source: r.source,
  path: r.path,
  weightsHash: r.weights_hash,
  featureDim: r.feature_dim,
  sizeBytes: r.size_bytes,
  license: r.license,
  config: JSON.parse(r.config) as Record<string, unknown>,
  createdAt: r.created_at,
});

export function backbonesRepo(db: Db) {
  return {
    upsert(b: Omit<BackboneRow, 'createdAt'>): BackboneRow {
      db.prepare(
        `INSERT INTO backbones (id, family, name, source, path, weights_hash, feature_dim, size_bytes, license, config, created_at)
         VALUES (@id, @family, @name, @source, @path, @weightsHash, @featureDim, @sizeBytes, @license, @config, @createdAt)
         ON CONFLICT (id) DO UPDATE SET family = excluded.family, name = excluded.name, source = excluded.source,
           path = excluded.path, weights_hash = excluded.weights_hash, feature_dim = excluded.feature_dim,
           size_bytes = excluded.size_bytes, license = excluded.license, config = excluded.config`,
      ).run({ ...b, config: JSON.stringify(b.config), createdAt: nowIso() });
      return this.get(b.id)!;
    },
    get(id: string): BackboneRow | undefined {
      const r = db.prepare('SELECT * FROM backbones WHERE id = ?').get(id) as RawBackbone | undefined;
      return r ? toRow(r) : undefined;
    },
    list(): BackboneRow[] {
      return (db.prepare('SELECT * FROM backbones ORDER BY created_at, id').all() as RawBackbone[]).map(toRow);
    },
    remove(id: string): void {
      db.prepare('DELETE FROM backbones WHERE id = ?').run(id);
    },
    runsUsing(id: string): number {
      return (db.prepare('SELECT COUNT(*) AS n FROM runs WHERE backbone_id = ?').get(id) as { n: number }).n;
    },
  };
}
export type BackbonesRepo = ReturnType<typeof backbonesRepo>;
