import { describe, expect, it } from 'vitest';
import { accuracyBand, C_DEFAULT, foldsFor, kFoldPairs, selectC, stratifiedFolds } from '../../../electron/core/training/probe/select';
import { choosePolicy, SMALL_DATA_PER_CLASS } from '../../../electron/core/training/probe/policy';
import { stepBudget } from '../../../electron/core/training/engine/sgd-fit';
import { standardize, standardizer, type Design } from '../../../electron/core/training/probe/logistic';
import { mulberry32 } from '../../../electron/core/training/engine/rng';

/** n items of k Gaussian classes in `dim` dimensions; `signal` dimensions carry the class, the rest are noise. */
function blobs(n: number, k: number, dim: number, signal: number, sep: number, seed: number): Design {
  const r = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const centres = Array.from({ length: k }, () => Array.from({ length: signal }, () => gauss() * sep));
  const labels = Array.from({ length: n }, (_, i) => i % k);
  const raw = labels.map((y) => Float32Array.from({ length: dim }, (_, j) => (j < signal ? centres[y]![j]! : 0) + gauss()));
  return { x: standardize(raw, dim, standardizer(raw, dim)), n, dim, labels: Int32Array.from(labels), weights: new Float64Array(n).fill(1), numClasses: k };
}

describe('probe model selection', () => {
  it('stratified folds: every class spread evenly over the folds, the same for the same seed', () => {
    const labels = [...Array(13).fill(0), ...Array(7).fill(1), ...Array(5).fill(2)] as number[];
    const rows = labels.map((_, i) => i);
    const f = stratifiedFolds(labels, rows, 5, 3);
    for (const cls of [0, 1, 2]) {
      const per = [0, 1, 2, 3, 4].map((k) => rows.filter((r) => labels[r] === cls && f.get(r) === k).length);
      expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
    }
    expect(stratifiedFolds(labels, rows, 5, 3)).toEqual(f);
    expect(stratifiedFolds(labels, rows, 5, 4)).not.toEqual(f);
    expect(foldsFor(labels, rows, 5)).toBe(5);
    expect(foldsFor(labels, rows.slice(0, 16), 5)).toBe(3); // class 1 has 3 items there
    // With content hashes as keys, the folds follow the files, not their order: reversing the rows changes nothing.
    const keys = rows.map((r) => `hash-${r}`);
    const byKey = stratifiedFolds(labels, rows, 5, 3, keys);
    const rev = [...rows].reverse();
    const revLabels = rev.map((r) => labels[r]!);
    const revFolds = stratifiedFolds(revLabels, rev.map((_, i) => i), 5, 3, rev.map((r) => keys[r]!));
    expect(rev.map((r, i) => revFolds.get(i))).toEqual(rev.map((r) => byKey.get(r)));
    const pairs = kFoldPairs(labels, rows, 5, 3);
    expect(pairs.flatMap((p) => [...p.test]).sort((a, b) => a - b)).toEqual(rows);
    for (const p of pairs) expect([...p.train].some((r) => p.test.includes(r))).toBe(false);
  });

  it('the band is the 95 % Wilson half-width (checked against its closed form at known points)', () => {
    // p = 0.5, n = 100: 1.96/(1+0.0384) * sqrt(0.0025 + 0.000096) = 0.0962
    expect(accuracyBand(0.5, 100)).toBeCloseTo(0.0962, 4);
    expect(accuracyBand(1, 25)).toBeGreaterThan(0.05); // never a zero-width band on a perfect small score
    expect(accuracyBand(0.8, 1000)).toBeLessThan(accuracyBand(0.8, 50));
  });

  it('keeps C = 1 on a few dozen items, and moves off it when many items clearly say so', () => {
    const few = blobs(30, 3, 20, 5, 1.5, 1);
    const pairs = kFoldPairs(few.labels, [...Array(30).keys()], 5, 0);
    expect(selectC(few, pairs).c).toBe(C_DEFAULT);
    // 600 items, 400 dimensions of which 4 carry the class: C = 1 overfits the noise, a stronger penalty clearly helps.
    const noisy = blobs(600, 3, 400, 4, 1, 2);
    const rows = [...Array(600).keys()];
    const sel = selectC(noisy, kFoldPairs(noisy.labels, rows, 3, 0));
    expect(sel.c).toBeLessThan(C_DEFAULT);
    expect(sel.reason).toMatch(/two standard errors, at no loss of accuracy/);
  }, 60_000);
});

describe('validation policy and step budgets', () => {
  const labels = ['a', 'b'];
  const items = (a: number, b: number) => [...Array(a).fill({ label: 0 }), ...Array(b).fill({ label: 1 })] as Array<{ label: number }>;
  it('cross-validation below 30 labelled items in a class, the split otherwise, and what the run asked for', () => {
    expect(choosePolicy(items(SMALL_DATA_PER_CLASS - 1, 200), labels, 'auto')).toMatchObject({ policy: 'cv' });
    expect(choosePolicy(items(SMALL_DATA_PER_CLASS - 1, 200), labels, 'auto').reason).toMatch(/“a” has 29 labelled items/);
    expect(choosePolicy(items(SMALL_DATA_PER_CLASS, 200), labels, 'auto').policy).toBe('split');
    expect(choosePolicy(items(5, 5), labels, 'split').policy).toBe('split');
    expect(choosePolicy(items(500, 500), labels, 'cv').policy).toBe('cv');
  });

  it('an SGD-trained part gets at least minSteps updates; patience and checkpoint spacing stretch with the epochs', () => {
    // 35 items at batch 32: 2 steps an epoch; 20 epochs would be 40 updates.
    expect(stepBudget({ epochs: 20, minSteps: 150, patience: 5 }, 2)).toEqual({ epochs: 75, patience: 19, checkpointEvery: 4 });
    // Enough data: the epochs asked for stand.
    expect(stepBudget({ epochs: 20, minSteps: 150, patience: 5 }, 40)).toEqual({ epochs: 20, patience: 5, checkpointEvery: 1 });
    expect(stepBudget({ epochs: 3, minSteps: 0, patience: 0 }, 1)).toEqual({ epochs: 3, patience: 0, checkpointEvery: 1 });
  });
});
