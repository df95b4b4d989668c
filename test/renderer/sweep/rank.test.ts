import { describe, expect, it } from 'vitest';
import { progressOf, rankSweep } from '../../../renderer/src/sweep/rank';
import type { SweepRun } from '../../../shared/api/methods/sweep';

const run = (backbone: string, seed: number, status: SweepRun['status'], acc?: number): SweepRun => ({
  runId: seed,
  backbone,
  mode: 'probe',
  seed,
  status,
  metrics: acc === undefined ? {} : { testAccuracy: acc },
  worker: 'w',
  backend: 'wasm',
  epoch: 0,
  epochs: 1,
  attempts: 1,
  resumedFromEpoch: null,
  reason: null,
  refusals: [],
});

describe('sweep leaderboard', () => {
  it('ranks backbone × mode by the mean over completed seeds only, with the spread and how many are done', () => {
    const rows = rankSweep([run('a', 0, 'completed', 0.6), run('a', 1, 'completed', 0.8), run('a', 2, 'running'), run('b', 0, 'completed', 0.75), run('c', 0, 'failed'), run('b', 1, 'cancelled', 0.99)]);
    expect(rows.map((r) => [r.backbone, r.accs.length, r.total])).toEqual([
      ['b', 1, 2],
      ['a', 2, 3],
    ]);
    expect(rows[1]!.mean).toBeCloseTo(0.7, 12);
    expect(rows[1]!.sd).toBeCloseTo(0.1, 12);
    expect(rankSweep([run('a', 0, 'queued')])).toEqual([]);
  });
});

describe('a sweep run\'s progress bar', () => {
  it('is full once the run completed, even when it ended before its epoch budget (the probe solves its head at once)', () => {
    expect(progressOf({ status: 'completed', epoch: 1, epochs: 20 })).toBe(100);
  });
  it('follows the epochs while the run trains, and stays empty for a run that has not started', () => {
    expect(progressOf({ status: 'running', epoch: 5, epochs: 20 })).toBe(25);
    expect(progressOf({ status: 'queued', epoch: 0, epochs: 0 })).toBe(0);
    expect(progressOf({ status: 'failed', epoch: 3, epochs: 4 })).toBe(75);
  });
});
