import { probeOnPresent, top2, type ProbeOptions } from './probe';
import { centroid, sqDist, standardize } from './space';

export interface SuggestOptions {
  /** How many items the greedy uncertainty + diversity pass orders; the rest follow by score. */
  greedy?: number;
  /** Weight of uncertainty against distance to what is already labeled (0 = diversity only). */
  alpha?: number;
  probe?: ProbeOptions;
}

export interface Suggestion {
  /** Position in the input rows. */
  index: number;
  score: number;
  /** 1 − (p₁ − p₂) of the probe; null when the probe could not be fitted (fewer than 2 classes). */
  uncertainty: number | null;
  /** Class index the probe predicts, and its probability. */
  predicted: number | null;
  confidence: number | null;
}

export interface SuggestResult {
  mode: 'uncertainty+diversity' | 'diversity';
  suggestions: Suggestion[];
}

/**
 * Orders the unlabeled rows (label null) for labeling. With two or more labeled classes a probe
 * is fitted on the labeled rows, and each pick maximises α·uncertainty + (1−α)·distance to the
 * nearest labeled-or-already-picked row (a weighted k-center greedy), so the first suggestions are
 * both informative and unlike each other. With fewer classes it is k-center greedy alone, started
 * from the item nearest the centroid when nothing is labeled. Deterministic: ties go to the lower index.
 */
export function suggestNext(features: readonly ArrayLike<number>[], labels: readonly (number | null)[], opts: SuggestOptions = {}): SuggestResult {
  if (features.length !== labels.length) throw new Error(`${features.length} feature rows but ${labels.length} labels`);
  const x = standardize(features);
  const labeled = labels.flatMap((l, i) => (l === null ? [] : [i]));
  const unlabeled = labels.flatMap((l, i) => (l === null ? [i] : []));
  if (unlabeled.length === 0) return { mode: 'diversity', suggestions: [] };
  // The probe knows only the classes that have labels; its outputs map back to dataset classes.
  const fit = probeOnPresent(x, labels, labeled, unlabeled, opts.probe);
  const useProbe = fit !== null;
  const alpha = useProbe ? (opts.alpha ?? 0.5) : 0;

  const unc = new Float64Array(unlabeled.length);
  const pred: Array<{ best: number; p: number } | null> = unlabeled.map(() => null);
  if (fit) {
    fit.probs.forEach((p, k) => {
      const t = top2(p);
      unc[k] = 1 - (t.p1 - t.p2);
      pred[k] = { best: fit.classes[t.best]!, p: t.p1 };
    });
  }

  // Squared distance from each unlabeled row to its nearest center (labeled rows, then picks).
  const near = new Float64Array(unlabeled.length).fill(Infinity);
  for (const j of labeled) {
    const c = x[j]!;
    for (let k = 0; k < unlabeled.length; k++) {
      const d = sqDist(x[unlabeled[k]!]!, c);
      if (d < near[k]!) near[k] = d;
    }
  }
  const taken = new Uint8Array(unlabeled.length);
  const out: Suggestion[] = [];
  const pick = (k: number, score: number) => {
    taken[k] = 1;
    const p = pred[k];
    out.push({ index: unlabeled[k]!, score, uncertainty: useProbe ? unc[k]! : null, predicted: p?.best ?? null, confidence: p?.p ?? null });
    const c = x[unlabeled[k]!]!;
    for (let m = 0; m < unlabeled.length; m++) {
      if (taken[m]) continue;
      const d = sqDist(x[unlabeled[m]!]!, c);
      if (d < near[m]!) near[m] = d;
    }
  };
  if (labeled.length === 0) {
    // Nothing labeled: the most typical item first, then farthest-first from it.
    const mid = centroid(unlabeled.map((i) => x[i]!));
    let best = 0;
    let bestD = Infinity;
    unlabeled.forEach((i, k) => {
      const d = sqDist(x[i]!, mid);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    pick(best, 1);
  }
  // Distances are put on the uncertainty's 0–1 scale by the farthest row before picking starts.
  let dNorm = 0;
  for (let k = 0; k < unlabeled.length; k++) if (!taken[k] && Math.sqrt(near[k]!) > dNorm) dNorm = Math.sqrt(near[k]!);
  if (dNorm === 0) dNorm = 1;
  const scoreOf = (k: number) => alpha * unc[k]! + (1 - alpha) * Math.min(1, Math.sqrt(near[k]!) / dNorm);

  const greedy = Math.min(unlabeled.length, opts.greedy ?? 200);
  while (out.length < greedy) {
    let best = -1;
    let bestS = -Infinity;
    for (let k = 0; k < unlabeled.length; k++) {
      if (taken[k]) continue;
      const s = scoreOf(k);
      if (s > bestS) {
        bestS = s;
        best = k;
      }
    }
    pick(best, bestS);
  }
  // The long tail by score against the final centers: cheap, and still a sensible order.
  const rest = unlabeled.map((_, k) => k).filter((k) => !taken[k]);
  const scores = new Map(rest.map((k) => [k, scoreOf(k)]));
  rest.sort((a, b) => scores.get(b)! - scores.get(a)! || a - b);
  for (const k of rest) {
    const p = pred[k];
    out.push({ index: unlabeled[k]!, score: scores.get(k)!, uncertainty: useProbe ? unc[k]! : null, predicted: p?.best ?? null, confidence: p?.p ?? null });
  }
  return { mode: useProbe ? 'uncertainty+diversity' : 'diversity', suggestions: out };
}
