import type { ResultOf } from '../../../shared/api/contract';

/** What a grid tile shows for an item the assistant has an opinion on; P gives the item `labelId`. */
export interface Hint {
  labelId: number;
  text: string;
  title: string;
}

const pct = (p: number | null) => (p === null ? '' : ` ${Math.round(p * 100)}%`);

export function suggestionHints(r: ResultOf<'assist.suggest'>): Map<number, Hint> {
  const out = new Map<number, Hint>();
  for (const s of r.suggestions) {
    if (s.predictedLabelId === null || s.predictedLabel === null) continue;
    out.set(s.itemId, { labelId: s.predictedLabelId, text: `${s.predictedLabel}?${pct(s.confidence)}`, title: `The probe guesses ${s.predictedLabel}: press P to accept` });
  }
  return out;
}

export function suspectHints(r: ResultOf<'assist.suspects'>): Map<number, Hint> {
  const out = new Map<number, Hint>();
  for (const s of r.suspects) {
    out.set(s.itemId, {
      labelId: s.suggestedLabelId,
      text: `→ ${s.suggestedLabel}${pct(s.confidence)}`,
      title: `Labeled ${s.givenLabel} (${Math.round(s.givenProbability * 100)}%), looks like ${s.suggestedLabel}: press P to relabel`,
    });
  }
  return out;
}

/** Label assignments that accept the hints of `itemIds` (items without a hint are left alone), one per class. */
export function hintAssignments(itemIds: readonly number[], hints: ReadonlyMap<number, Hint>): Array<{ itemIds: number[]; labelId: number }> {
  const byLabel = new Map<number, number[]>();
  for (const id of itemIds) {
    const h = hints.get(id);
    if (!h) continue;
    if (!byLabel.has(h.labelId)) byLabel.set(h.labelId, []);
    byLabel.get(h.labelId)!.push(id);
  }
  return [...byLabel].map(([labelId, ids]) => ({ itemIds: ids, labelId }));
}
