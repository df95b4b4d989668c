import { describe, it, expect } from 'vitest';
import { findSuspects } from '../../electron/core/assist/suspects';
import { mulberry32, shuffled } from '../../electron/core/training/engine/rng';
import { mixture } from './helpers/synthetic';

/** A labeled pool with `n` labels flipped to another class (the truth kept aside). */
function flipped(seed: number, n: number, o: Parameters<typeof mixture>[1] = {}) {
  const { pool } = mixture(seed, { pool: 150, modeWeights: [0.7, 0.3], spread: 0.6, ...o });
  const labels: number[] = pool.y.slice();
  const flips = shuffled(
    pool.y.map((_, i) => i),
    mulberry32(seed + 99),
  ).slice(0, n);
  for (const f of flips) labels[f] = (pool.y[f]! + 1 + (f % 2)) % 3;
  return { pool, labels, flips };
}

describe('which labels look wrong', () => {
  it('planted flips rank at the top (≥ 80 % of 5 flips in the top 10), with the true class suggested', () => {
    let found = 0;
    let suggestedRight = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const { pool, labels, flips } = flipped(seed, 5);
      const r = findSuspects(pool.x, labels, { seed });
      expect(r.folds).toBe(5);
      const top = r.suspects.slice(0, 10);
      const hits = flips.filter((f) => top.some((s) => s.index === f));
      expect(hits.length).toBeGreaterThanOrEqual(4);
      found += hits.length;
      for (const s of top.filter((x) => flips.includes(x.index))) if (s.suggested === pool.y[s.index]) suggestedRight++;
      // Ranked by the gap, each suspect's suggested class beats its given one.
      expect(r.suspects.map((s) => s.gap)).toEqual([...r.suspects.map((s) => s.gap)].sort((a, b) => b - a));
      for (const s of r.suspects) {
        expect(s.suggested).not.toBe(s.given);
        expect(s.given).toBe(labels[s.index]);
        expect(s.confidence - s.givenProbability).toBeCloseTo(s.gap, 12);
      }
    }
    console.log(`flips in the top 10: ${found}/25; suggested label = true class for ${suggestedRight} of them`);
    expect(suggestedRight).toBeGreaterThanOrEqual(found - 2);
  });

  it('clean labels give few suspects; a small set is judged leave-one-out', () => {
    const { pool } = mixture(4, { pool: 150, modeWeights: [1] });
    const clean = findSuspects(pool.x, pool.y, { seed: 1 });
    expect(clean.agreement).toBeGreaterThan(0.95);
    expect(clean.suspects.length).toBeLessThanOrEqual(3);
    const small = mixture(4, { pool: 24, modeWeights: [1] }).pool;
    const labels = small.y.slice();
    labels[5] = (labels[5]! + 1) % 3;
    const r = findSuspects(small.x, labels, { seed: 1 });
    expect(r.folds).toBe(24);
    expect(r.suspects[0]?.index).toBe(5);
  });

  it('is deterministic for a seed, and unlabeled rows are never judged', () => {
    const { pool, labels } = flipped(2, 5);
    const withUnlabeled = labels.map((l, i) => (i % 7 === 0 ? null : l));
    const a = findSuspects(pool.x, withUnlabeled, { seed: 3 });
    const b = findSuspects(pool.x, [...withUnlabeled], { seed: 3 });
    expect(b).toEqual(a);
    expect(a.suspects.every((s) => withUnlabeled[s.index] !== null)).toBe(true);
    expect(a.checked).toBe(withUnlabeled.filter((l) => l !== null).length);
  });

  it('needs two labeled classes', () => {
    const { pool } = mixture(1, { pool: 30 });
    expect(findSuspects(pool.x, pool.y.map(() => 0)).suspects).toEqual([]);
    expect(findSuspects(pool.x, pool.y.map(() => null)).checked).toBe(0);
  });
});
