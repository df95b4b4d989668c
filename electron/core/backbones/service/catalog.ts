import type { CatalogItem } from '../../../../shared/domain/backbone';
import type { Db } from '../../store/db';
import { backbonesRepo } from '../../store/repos/backbones';
import { BACKBONE_CATALOG } from '../../hub';
import type { BackboneDownloads } from './downloads';

/** The presets, each with the installed backbone from its repo and this session's download of it. */
export function catalogItems(db: Db, downloads: BackboneDownloads): CatalogItem[] {
  const installed = backbonesRepo(db).list();
  return BACKBONE_CATALOG.map((e) => ({
    key: e.key,
    repo: e.repo,
    title: e.title,
    description: e.description,
    family: e.family,
    modality: e.modality,
    architecture: e.architecture,
    featureDim: e.featureDim,
    downloadBytes: e.downloadBytes,
    licence: e.licence,
    installedId: installed.find((b) => b.source.toLowerCase() === e.repo.toLowerCase())?.id ?? null,
    download: downloads.latestFor(e.repo) ?? null,
  }));
}
