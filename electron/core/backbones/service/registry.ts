import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { StudioError } from '../../../../shared/api/errors';
import type { BackboneSummary } from '../../../../shared/domain/backbone';
import type { Db } from '../../store/db';
import { backbonesRepo, type BackboneRow } from '../../store/repos/backbones';
import { findCatalogEntry } from '../../hub';
import { describeFolder, detectFamily } from './inspect';
import { backboneSlug, folderSlugSource } from './slug';
import { weightsHash } from './weights-hash';
import { finetuneBlocksOf } from './blocks';

export interface AddFolderOptions {
  /** 'local', or the hub repo id the folder was downloaded from. */
  source?: string;
  name?: string;
  /** Id to record it under; default a slug of the repo id or folder name. */
  id?: string;
}

function architectureOf(row: BackboneRow): string {
  try {
    return detectFamily(row.config, row.id).architecture;
  } catch {
    return row.family;
  }
}

export function toSummary(row: BackboneRow): BackboneSummary {
  const family = row.family as BackboneSummary['family'];
  return {
    id: row.id,
    name: row.name,
    family,
    modality: family === 'bert' || family === 'gpt2' ? 'text' : 'image',
    architecture: architectureOf(row),
    featureDim: row.featureDim,
    sizeBytes: row.sizeBytes,
    licence: row.license,
    source: row.source,
    path: row.path,
    weightsHash: row.weightsHash,
    createdAt: row.createdAt,
    ...finetuneBlocksOf(row),
  };
}

/** Validates a hub-layout folder and records it (again, if its id is already there: the row is refreshed). */
export async function addFolder(db: Db, dir: string, opts: AddFolderOptions = {}): Promise<BackboneSummary> {
  const path = resolve(dir);
  const desc = await describeFolder(path);
  const source = opts.source ?? 'local';
  const catalog = source === 'local' ? undefined : findCatalogEntry(source);
  const slugFrom = source === 'local' ? folderSlugSource(path) : source;
  const id = opts.id ?? backboneSlug(slugFrom);
  const name = opts.name ?? catalog?.title ?? basename(slugFrom);
  const row = backbonesRepo(db).upsert({
    id,
    family: desc.family,
    name,
    source,
    path,
    weightsHash: await weightsHash(path),
    featureDim: desc.featureDim,
    sizeBytes: desc.sizeBytes,
    license: catalog?.licence ?? desc.licence,
    config: desc.config,
  });
  return toSummary(row);
}

/**
 * `--backbone DIR|ID`: an existing folder is used as it is (no need to add it first); otherwise an
 * installed id, a catalog key or a hub repo id that was installed.
 */
export function resolveBackbone(db: Db, dirOrId: string): { dir: string; row?: BackboneRow } {
  if (existsSync(dirOrId) && statSync(dirOrId).isDirectory()) return { dir: resolve(dirOrId) };
  const repo = backbonesRepo(db);
  const row = repo.get(dirOrId) ?? repo.get(backboneSlug(dirOrId)) ?? installedFromRepo(db, dirOrId);
  if (row) {
    if (!existsSync(row.path)) throw new StudioError('not_found', `Backbone "${row.id}" points to ${row.path}, which no longer exists: add it again.`);
    return { dir: row.path, row };
  }
  throw new StudioError('not_found', `No backbone "${dirOrId}": not a folder, nor an installed id (see \`studio backbones list\`).`);
}

function installedFromRepo(db: Db, keyOrRepo: string): BackboneRow | undefined {
  const entry = findCatalogEntry(keyOrRepo);
  const repo = (entry?.repo ?? keyOrRepo).toLowerCase();
  return backbonesRepo(db)
    .list()
    .find((r) => r.source.toLowerCase() === repo);
}
