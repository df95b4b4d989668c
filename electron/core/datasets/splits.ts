import { createHash } from 'node:crypto';
import { defaultSplitRatios, type SplitRatios, type Subset } from '../../../shared/domain/dataset';
import type { Db } from '../store/db';
import { datasetsRepo } from '../store/repos/datasets';
import { itemsRepo } from '../store/repos/items';
import { splitsRepo } from '../store/repos/splits';

export interface SplitInput {
  id: number;
  contentHash: string;
  labelId: number | null;
}

/** How many of n items go to val and test: the ratios rounded, with at least one each once a class has three. */
export function subsetSizes(n: number, ratios: SplitRatios): { train: number; val: number; test: number } {
  if (n <= 0) return { train: 0, val: 0, test: 0 };
  if (n === 1) return { train: 1, val: 0, test: 0 };
  if (n === 2) return ratios.val > 0 ? { train: 1, val: 1, test: 0 } : ratios.test > 0 ? { train: 1, val: 0, test: 1 } : { train: 2, val: 0, test: 0 };
  let val = ratios.val > 0 ? Math.max(1, Math.round(n * ratios.val)) : 0;
  let test = ratios.test > 0 ? Math.max(1, Math.round(n * ratios.test)) : 0;
  while (n - val - test < 1) {
    if (val >= test && val > 1) val--;
    else if (test > 1) test--;
    else break;
  }
  return { train: n - val - test, val, test };
}

/**
 * Stratified, seeded split. Within each class, items are ordered by sha256(seed, content hash):
 * the same files and seed give the same split whatever the import order, and adding files moves
 * only a few existing ones across a boundary.
 */
export function computeSplit(items: readonly SplitInput[], seed: number, ratios: SplitRatios): Map<number, Subset> {
  const byClass = new Map<number | null, Array<{ id: number; key: string }>>();
  for (const it of items) {
    const key = createHash('sha256').update(`${seed}:${it.contentHash}`).digest('hex');
    const list = byClass.get(it.labelId) ?? [];
    list.push({ id: it.id, key });
    byClass.set(it.labelId, list);
  }
  const out = new Map<number, Subset>();
  for (const list of byClass.values()) {
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id));
    const sizes = subsetSizes(list.length, ratios);
    list.forEach((x, i) => out.set(x.id, i < sizes.test ? 'test' : i < sizes.test + sizes.val ? 'val' : 'train'));
  }
  return out;
}

/**
 * Splits a dataset and remembers seed and ratios, so a later snapshot splits new items the same way.
 * Returns the items it read with their subsets, so a caller can count them without a second query.
 */
export function splitDataset(db: Db, datasetId: number, seed: number, ratios: SplitRatios = defaultSplitRatios): { items: SplitInput[]; assignment: Map<number, Subset> } {
  const items = itemsRepo(db).forSplit(datasetId);
  const assignment = computeSplit(items, seed, ratios);
  db.transaction(() => {
    splitsRepo(db).replace(datasetId, seed, assignment);
    datasetsRepo(db).setSplitConfig(datasetId, seed, ratios);
  })();
  return { items, assignment };
}
