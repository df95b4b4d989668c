import { describe, it, expect } from 'vitest';
import { suggestNext } from '../../electron/core/assist/rank';
import { mulberry32, shuffled } from '../../electron/core/training/engine/rng';
import { mixture } from './helpers/synthetic';
import { heldOutAccuracy } from './helpers/evaluate';

/** One labeled item per class, from the class's common mode: where an analyst starts. */
function start(pool: ReturnType<typeof mixture>['pool'], classes = 3): number[] {
  return Array.from({ length: classes }, (_, c) => pool.y.findIndex((y, i) => y === c && pool.mode[i] === 0));
}

describe('what to label next', () => {
  it('labeling the top-k suggestions beats labeling k random items on held-out accuracy', () => {
    const k = 12;
    const rows: Array<{ seed: number; suggested: number; random: number }> = [];
    for (let seed = 1; seed <= 6; seed++) {
      const { pool, test } = mixture(seed);
      const init = start(pool);
      const labels = pool.y.map((y, i) => (init.includes(i) ? y : null));
      const top = suggestNext(pool.x, labels).suggestions.slice(0, k).map((s) => s.index);
      const unlabeled = labels.flatMap((l, i) => (l === null ? [i] : []));
      // The random baseline is averaged over draws, so one lucky draw cannot decide the comparison.
      let random = 0;
      for (let d = 0; d < 8; d++) random += heldOutAccuracy(pool, [...init, ...shuffled(unlabeled, mulberry32(seed * 1000 + d)).slice(0, k)], test) / 8;
      rows.push({ seed, suggested: heldOutAccuracy(pool, [...init, ...top], test), random });
    }
    const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0) / rows.length;
    console.log(`held-out accuracy after ${k} more labels: suggested ${mean((r) => r.suggested).toFixed(3)} vs random ${mean((r) => r.random).toFixed(3)}`, rows.map((r) => `${r.suggested.toFixed(2)}/${r.random.toFixed(2)}`).join(' '));
    expect(mean((r) => r.suggested)).toBeGreaterThan(mean((r) => r.random) + 0.03);
    expect(rows.filter((r) => r.suggested > r.random).length).toBeGreaterThanOrEqual(5);
  });

  it('the first suggestions cover the rare modes (diverse), each with the probe’s hint', () => {
    const { pool } = mixture(3);
    const init = start(pool);
    const labels = pool.y.map((y, i) => (init.includes(i) ? y : null));
    const r = suggestNext(pool.x, labels);
    expect(r.mode).toBe('uncertainty+diversity');
    expect(r.suggestions).toHaveLength(pool.x.length - 3);
    const first = r.suggestions.slice(0, 9);
    // 3 classes × 2 rare modes: all six show up among the first nine suggestions.
    const rare = new Set(first.filter((s) => pool.mode[s.index]! > 0).map((s) => `${pool.y[s.index]}:${pool.mode[s.index]}`));
    expect(rare.size).toBe(6);
    for (const s of r.suggestions) {
      expect(labels[s.index]).toBeNull();
      expect(s.predicted).not.toBeNull();
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.uncertainty).toBeGreaterThanOrEqual(0);
    }
  });

  it('with fewer than 2 labeled classes it ranks by diversity alone: one item per mode first', () => {
    const { pool } = mixture(5, { spread: 0.2 });
    for (const labels of [pool.y.map(() => null), pool.y.map((y, i) => (i === 0 ? y : null))]) {
      const r = suggestNext(pool.x, labels);
      expect(r.mode).toBe('diversity');
      const first = r.suggestions.slice(0, 9);
      expect(first.every((s) => s.predicted === null && s.uncertainty === null)).toBe(true);
      const modes = new Set(first.map((s) => `${pool.y[s.index]}:${pool.mode[s.index]}`));
      // The already-labeled item's mode is covered by it; the picks cover the rest.
      expect(modes.size).toBeGreaterThanOrEqual(labels[0] === null ? 9 : 8);
    }
  });

  it('nothing labeled: the first suggestion is the most typical item (nearest the centroid)', () => {
    const { pool } = mixture(2);
    const r = suggestNext(pool.x, pool.y.map(() => null));
    expect(pool.mode[r.suggestions[0]!.index]).toBe(0);
  });

  it('is deterministic: the same features and labels give the same ranking, scores included', () => {
    const { pool } = mixture(7);
    const labels = pool.y.map((y, i) => (i % 10 === 0 ? y : null));
    const a = suggestNext(pool.x, labels);
    const b = suggestNext(
      pool.x.map((x) => Float32Array.from(x)),
      [...labels],
    );
    expect(b).toEqual(a);
  });

  it('returns nothing when everything is labeled, and rejects mismatched inputs', () => {
    const { pool } = mixture(1, { pool: 30 });
    expect(suggestNext(pool.x, pool.y).suggestions).toEqual([]);
    expect(() => suggestNext(pool.x, pool.y.slice(1))).toThrow(/30 feature rows but 29 labels/);
  });
});
