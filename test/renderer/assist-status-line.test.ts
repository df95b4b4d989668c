import { describe, expect, it } from 'vitest';
import { assistStatusLine } from '../../renderer/src/assist/status-line';

const summary = '30 unlabeled items ranked by uncertainty and diversity · starter on wasm · 1.2 s';

describe('Suggest next status line', () => {
  it('repeats the ranking only while nothing changed since it', () => {
    expect(assistStatusLine({ mode: 'suggest', summary, changesSince: 0, unlabeledNow: 30 })).toBe(`${summary} · P accepts a hint`);
  });
  it('after labeling, says how many are left now and that the ranking is older', () => {
    const line = assistStatusLine({ mode: 'suggest', summary, changesSince: 1, unlabeledNow: 29 });
    expect(line).toBe('29 unlabeled items left · ranked before your latest change: Refresh to re-rank · P accepts a hint');
    expect(line).not.toContain('30 unlabeled');
    expect(assistStatusLine({ mode: 'suggest', summary, changesSince: 4, unlabeledNow: 0 })).toBe('Every item is labeled now (4 changes since the ranking).');
  });
  it('Looks wrong says its check predates the changes', () => {
    expect(assistStatusLine({ mode: 'suspects', summary: '3 of 40 labels look wrong', changesSince: 2, unlabeledNow: 5 })).toMatch(/^Checked before your last 2 changes: Refresh/);
  });
});
