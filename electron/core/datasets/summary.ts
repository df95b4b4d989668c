import type { DatasetSummary } from '../../../shared/domain/dataset';
import type { Db } from '../store/db';
import { datasetsRepo } from '../store/repos/datasets';
import { importSkipsRepo } from '../store/repos/import-skips';
import { itemsRepo } from '../store/repos/items';
import { labelsRepo } from '../store/repos/labels';
import { splitsRepo } from '../store/repos/splits';
import { StudioError } from '../../../shared/api/errors';

export function datasetSummary(db: Db, datasetId: number, importing: boolean): DatasetSummary {
  const d = datasetsRepo(db).get(datasetId);
  if (!d) throw new StudioError('not_found', `No dataset #${datasetId}.`);
  const subsets = splitsRepo(db).counts(datasetId);
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    sourcePath: d.sourcePath,
    createdAt: d.createdAt,
    items: subsets.train + subsets.val + subsets.test + subsets.none,
    unlabeled: itemsRepo(db).unlabeledCount(datasetId),
    skipped: importSkipsRepo(db).count(datasetId),
    classes: labelsRepo(db).listWithCounts(datasetId).map((c) => ({ id: c.id, name: c.name, position: c.position, count: c.count })),
    subsets,
    importing,
  };
}

/** `{name: count}` for every class, what the CLI and the import summary report. */
export function classCounts(db: Db, datasetId: number): Record<string, number> {
  return Object.fromEntries(labelsRepo(db).listWithCounts(datasetId).map((c) => [c.name, c.count]));
}
