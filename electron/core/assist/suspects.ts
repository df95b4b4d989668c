import { mixSeed, mulberry32, shuffled } from '../training/engine/rng';
import { probeOnPresent, top2, type ProbeOptions } from './probe';
import { standardize } from './space';

export interface SuspectOptions {
  seed?: number;
  folds?: number;
  /** At or below this many labeled items, leave-one-out instead of k folds. */
  leaveOneOutUpTo?: number;
  /** Smallest p(suggested) − p(given) worth showing. */
  minGap?: number;
  probe?: ProbeOptions;
}

export interface Suspect {
  index: number;
  given: number;
  suggested: number;
  /** Out-of-fold probability of the suggested class. */
  confidence: number;
  /** Out-of-fold probability of the given label. */
  givenProbability: number;
  gap: number;
}

export interface SuspectResult {
  folds: number;
  /** Out-of-fold accuracy of the probe against the given labels: how far the labels can be trusted. */
  agreement: number;
  checked: number;
  suspects: Suspect[];
}

/**
 * Fold of each labeled row: shuffled per class with the seed, then dealt round-robin, so every
 * fold sees every class it can (confident learning needs out-of-sample probabilities).
 */
function assignFolds(rows: readonly number[], labels: readonly (number | null)[], folds: number, seed: number): Map<number, number> {
  const byClass = new Map<number, number[]>();
  for (const i of rows) {
    const l = labels[i]!;
    if (!byClass.has(l)) byClass.set(l, []);
    byClass.get(l)!.push(i);
  }
  const out = new Map<number, number>();
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const i of shuffled(byClass.get(c)!, mulberry32(mixSeed(seed, c)))) out.set(i, next++ % folds);
  }
  return out;
}

/**
 * Labels that look wrong: cross-validated probe probabilities on the labeled rows; a row is a
 * suspect when another class beats its given label, ranked by that gap (confident-learning style).
 * A row whose class has no other example in its training folds is not judged (the probe cannot know the class).
 */
export function findSuspects(features: readonly ArrayLike<number>[], labels: readonly (number | null)[], opts: SuspectOptions = {}): SuspectResult {
  const x = standardize(features);
  const labeled = labels.flatMap((l, i) => (l === null ? [] : [i]));
  const present = [...new Set(labeled.map((i) => labels[i]!))].sort((a, b) => a - b);
  if (present.length < 2) return { folds: 0, agreement: 0, checked: 0, suspects: [] };
  const loo = labeled.length <= (opts.leaveOneOutUpTo ?? 30);
  const k = loo ? labeled.length : Math.min(opts.folds ?? 5, labeled.length);
  const fold = assignFolds(labeled, labels, k, opts.seed ?? 0);
  const minGap = opts.minGap ?? 0.1;
  const suspects: Suspect[] = [];
  let checked = 0;
  let agree = 0;
  for (let f = 0; f < k; f++) {
    const train = labeled.filter((i) => fold.get(i) !== f);
    const held = labeled.filter((i) => fold.get(i) === f);
    if (held.length === 0) continue;
    const fit = probeOnPresent(x, labels, train, held, opts.probe);
    if (!fit) continue;
    held.forEach((i, h) => {
      const given = labels[i]!;
      const g = fit.local.get(given);
      if (g === undefined) return;
      checked++;
      const p = fit.probs[h]!;
      const t = top2(p);
      const suggested = fit.classes[t.best]!;
      if (suggested === given) {
        agree++;
        return;
      }
      const gap = t.p1 - p[g]!;
      if (gap >= minGap) suspects.push({ index: i, given, suggested, confidence: t.p1, givenProbability: p[g]!, gap });
    });
  }
  suspects.sort((a, b) => b.gap - a.gap || a.index - b.index);
  return { folds: k, agreement: checked ? agree / checked : 0, checked, suspects };
}
