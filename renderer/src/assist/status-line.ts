import { plural } from '../runs/plain';

/**
 * The line beside Suggest next / Looks wrong. A ranking is a snapshot: once labels change after it
 * (the user labels from it, an import adds items), repeating its "30 unlabeled items ranked…" would
 * describe a dataset that no longer exists. So the line says what is true now and that the ranking
 * is older, with the way to update it.
 */
export function assistStatusLine(opts: { mode: 'suggest' | 'suspects'; summary: string; changesSince: number; unlabeledNow: number }): string {
  if (opts.changesSince === 0) return `${opts.summary} · P accepts a hint`;
  const since = `${plural(opts.changesSince, 'change')} since`;
  // "the last 1 change" is the wording the issue complained of: one change reads as "your latest change".
  const last = opts.changesSince === 1 ? 'your latest change' : `your last ${opts.changesSince} changes`;
  if (opts.mode === 'suggest') {
    if (opts.unlabeledNow === 0) return `Every item is labeled now (${since} the ranking).`;
    return `${plural(opts.unlabeledNow, 'unlabeled item')} left · ranked before ${last}: Refresh to re-rank · P accepts a hint`;
  }
  return `Checked before ${last}: Refresh to check the labels as they are now · P accepts a hint`;
}
