import { describe, expect, it } from 'vitest';
import { paramRows, readable } from '../../renderer/src/experiments/params-table';
import { earlyStop, earlyStopText, plural, timeLeft } from '../../renderer/src/runs/plain';

const run = {
  params: {
    options: { epochs: 20, learningRate: 0.001, classWeights: true, headSolver: 'sgd' },
    backendDetail: { name: 'wasm', skipped: [{ name: 'tfjs-node', reason: 'not installed' }, { name: 'tfjs-node-gpu', reason: 'no CUDA' }] },
    decision: { policyReason: 'a validation split of 20 items' },
  },
  snapshotId: 3,
  createdAt: '2026-01-02T03:04:05.000Z',
  startedAt: null,
  finishedAt: null,
  backend: 'wasm',
};

describe('Parameters tab in words', () => {
  const rows = paramRows(run);
  it('never prints [object Object] or raw dotted keys', () => {
    for (const r of rows) {
      expect(r.value).not.toContain('[object Object]');
      expect(r.label).not.toMatch(/\.|[a-z][A-Z]/);
    }
  });
  it('names the backend and the ones it skipped with their reasons', () => {
    expect(rows.find((r) => r.key === 'backend')!.value).toBe('wasm (not used: tfjs-node — not installed; tfjs-node-gpu — no CUDA)');
  });
  it('labels settings and formats booleans and numbers', () => {
    expect(rows.find((r) => r.key === 'options.learningRate')).toMatchObject({ label: 'Learning rate', value: '0.001', section: 'Settings' });
    expect(rows.find((r) => r.key === 'options.classWeights')!.value).toBe('Yes');
    expect(rows.find((r) => r.key === 'decision.policyReason')!.label).toBe('Policy reason');
    expect(readable(null)).toBe('—');
    expect(readable([{ name: 'a', reason: 'b' }])).toBe('a: b');
  });
});

describe('plain run wording', () => {
  it('rounds time left to what a person can use', () => {
    expect(timeLeft(3)).toBe('a few seconds left');
    expect(timeLeft(21)).toBe('about 20 s left');
    expect(timeLeft(200)).toBe('about 3 min left');
  });
  it('says a run stopped early only when it ended before its planned epochs', () => {
    const r = { status: 'completed' as const, mode: 'probe' as const, metrics: { bestEpoch: 9 }, params: { options: { epochs: 40, headSolver: 'sgd' } } };
    expect(earlyStop(r, 12)).toEqual({ stoppedAt: 12, best: 9 });
    expect(earlyStopText(r, 12)).toBe('Stopped early at epoch 12 — the best model (epoch 9) was kept.');
    expect(earlyStop(r, 40)).toBeNull();
    expect(earlyStop({ ...r, status: 'running' }, 12)).toBeNull();
    // The exact probe (the default head) is solved in one go: one recorded "epoch" is not an early stop.
    expect(earlyStop({ ...r, params: { options: { epochs: 20 } } }, 1)).toBeNull();
    expect(earlyStop({ ...r, mode: 'finetune', params: { options: { epochs: 20 } } }, 12)).toEqual({ stoppedAt: 12, best: 9 });
  });
  it('plurals', () => {
    expect(plural(1, 'item')).toBe('1 item');
    expect(plural(2, 'item')).toBe('2 items');
    expect(plural(1, 'block')).toBe('1 block');
  });
});
