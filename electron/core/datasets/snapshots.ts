import { createHash } from 'node:crypto';
import { defaultSplitRatios, type SnapshotSummary } from '../../../shared/domain/dataset';
import { StudioError } from '../../../shared/api/errors';
import type { Db } from '../store/db';
import { datasetsRepo } from '../store/repos/datasets';
import { itemsRepo } from '../store/repos/items';
import { labelsRepo } from '../store/repos/labels';
import { snapshotsRepo } from '../store/repos/snapshots';
import { splitsRepo } from '../store/repos/splits';
import { splitDataset } from './splits';

/**
 * Freezes the labeled items of a dataset with their class names and subsets. The copy lives in
 * snapshot_items, so relabeling later never changes what a run saw. Items never split (imported
 * after the last split) are split first with the dataset's seed and ratios. Unchanged content
 * returns the existing snapshot instead of a copy.
 */
export function createSnapshot(db: Db, datasetId: number): SnapshotSummary {
  const dataset = datasetsRepo(db).get(datasetId);
  if (!dataset) throw new StudioError('not_found', `No dataset #${datasetId}.`);
  return db.transaction(() => {
    const items = itemsRepo(db).forSplit(datasetId);
    let split = splitsRepo(db).forDataset(datasetId);
    if (items.some((i) => !split.has(i.id))) {
      split = splitDataset(db, datasetId, dataset.splitSeed ?? 42, dataset.splitRatios ?? defaultSplitRatios).assignment;
    }
    const classes = labelsRepo(db).list(datasetId);
    const names = new Map(classes.map((c) => [c.id, c.name]));
    const labeled = items.filter((i) => i.labelId !== null);
    if (labeled.length === 0) throw new StudioError('bad_input', 'The dataset has no labeled items: label some before training.');
    const rows = labeled.map((i) => ({ itemId: i.id, contentHash: i.contentHash, label: names.get(i.labelId!)!, subset: split.get(i.id)! }));
    const labels = classes.map((c) => c.name);
    const h = createHash('sha256').update(JSON.stringify(labels)).update('\n');
    for (const r of [...rows].sort((a, b) => (a.contentHash < b.contentHash ? -1 : a.contentHash > b.contentHash ? 1 : 0))) {
      h.update(`${r.contentHash}\t${r.label}\t${r.subset}\n`);
    }
    const hash = h.digest('hex');
    const repo = snapshotsRepo(db);
    return repo.findByHash(datasetId, hash) ?? repo.create(datasetId, hash, labels, rows);
  })();
}
