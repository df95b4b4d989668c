import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeSplit, subsetSizes, type SplitInput } from '../../electron/core/datasets/splits';
import { defaultSplitRatios } from '../../shared/domain/dataset';

function items(perClass: Record<number, number>): SplitInput[] {
  const out: SplitInput[] = [];
  let id = 1;
  for (const [label, n] of Object.entries(perClass)) {
    for (let i = 0; i < n; i++, id++) out.push({ id, contentHash: createHash('sha256').update(`${label}-${i}`).digest('hex'), labelId: Number(label) });
  }
  return out;
}

function counts(split: Map<number, string>, xs: SplitInput[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const x of xs) {
    const c = (out[String(x.labelId)] ??= { train: 0, val: 0, test: 0 });
    c[split.get(x.id)!]!++;
  }
  return out;
}

describe('splits', () => {
  const data = items({ 1: 100, 2: 40, 3: 3, 4: 7 });

  it('are reproducible for a seed and differ across seeds', () => {
    const a = computeSplit(data, 7, defaultSplitRatios);
    const b = computeSplit([...data].reverse(), 7, defaultSplitRatios);
    expect([...b].sort((x, y) => x[0] - y[0])).toEqual([...a].sort((x, y) => x[0] - y[0]));
    const c = computeSplit(data, 8, defaultSplitRatios);
    expect(data.filter((x) => a.get(x.id) !== c.get(x.id)).length).toBeGreaterThan(10);
  });

  it('are stratified: each class is split by the ratios, with one per subset once a class has three', () => {
    const c = counts(computeSplit(data, 1, defaultSplitRatios), data);
    expect(c['1']).toEqual({ train: 70, val: 15, test: 15 });
    expect(c['2']).toEqual({ train: 28, val: 6, test: 6 });
    expect(c['3']).toEqual({ train: 1, val: 1, test: 1 });
    expect(c['4']).toEqual({ train: 5, val: 1, test: 1 });
    const custom = counts(computeSplit(data, 1, { train: 0.8, val: 0.2, test: 0 }), data);
    expect(custom['1']).toEqual({ train: 80, val: 20, test: 0 });
  });

  it('sizes small classes sensibly', () => {
    expect(subsetSizes(1, defaultSplitRatios)).toEqual({ train: 1, val: 0, test: 0 });
    expect(subsetSizes(2, defaultSplitRatios)).toEqual({ train: 1, val: 1, test: 0 });
    expect(subsetSizes(3, { train: 0.1, val: 0.45, test: 0.45 })).toEqual({ train: 1, val: 1, test: 1 });
  });
});
