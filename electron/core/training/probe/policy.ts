import type { Policy } from './fit-probe';

/** Below this many labelled items in some class, holding out a validation and test share costs more than it tells. */
export const SMALL_DATA_PER_CLASS = 30;

export interface PolicyChoice {
  policy: Policy;
  reason: string;
}

/**
 * 'cv' (every labelled item trains; accuracy by k-fold cross-validation) for small data, else
 * the snapshot's train/val/test split. Counts are over every labelled item of the snapshot.
 */
export function choosePolicy(items: ReadonlyArray<{ label: number }>, labels: readonly string[], requested: 'auto' | 'split' | 'cv'): PolicyChoice {
  const counts = new Array<number>(labels.length).fill(0);
  for (const it of items) counts[it.label]!++;
  const present = counts.map((c, i) => ({ c, i })).filter((x) => x.c > 0);
  const smallest = present.reduce((a, b) => (b.c < a.c ? b : a), present[0] ?? { c: 0, i: 0 });
  if (requested === 'split') return { policy: 'split', reason: 'train/validation/test split, as set in the run’s settings' };
  if (requested === 'cv') return { policy: 'cv', reason: `cross-validation on all ${items.length} labelled items, as set in the run’s settings` };
  if (smallest.c < SMALL_DATA_PER_CLASS)
    return {
      policy: 'cv',
      reason:
        `“${labels[smallest.i]}” has ${smallest.c} labelled item${smallest.c === 1 ? '' : 's'} (fewer than ${SMALL_DATA_PER_CLASS}): ` +
        `all ${items.length} train the model and its accuracy is estimated by cross-validation`,
    };
  return { policy: 'split', reason: `every class has at least ${SMALL_DATA_PER_CLASS} labelled items: train/validation/test split` };
}
