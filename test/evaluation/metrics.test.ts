import { describe, expect, it } from 'vitest';
import { confusionMatrix, evaluationReport, perClassFigures, softmax, topK } from '../../electron/core/evaluation/metrics';

describe('evaluation metrics', () => {
  // Worked example checked against sklearn.metrics.classification_report / confusion_matrix.
  const labels = ['cat', 'dog', 'bird'];
  const truth = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1];
  const pred = [0, 1, 0, 1, 1, 2, 0, 2, 2, 2];

  it('counts the confusion matrix with truth as rows and prediction as columns', () => {
    expect(confusionMatrix(truth, pred, 3)).toEqual([
      [2, 1, 0],
      [0, 2, 1],
      [1, 0, 3],
    ]);
  });

  it('gives sklearn-equal precision, recall, F1 and support', () => {
    const r = evaluationReport(labels, truth, pred);
    expect(r.accuracy).toBeCloseTo(0.7, 12);
    expect(r.perClass.cat!.precision).toBeCloseTo(2 / 3, 12);
    expect(r.perClass.cat!.recall).toBeCloseTo(2 / 3, 12);
    expect(r.perClass.dog!.precision).toBeCloseTo(2 / 3, 12);
    expect(r.perClass.dog!.recall).toBeCloseTo(2 / 3, 12);
    expect(r.perClass.bird!.precision).toBeCloseTo(0.75, 12);
    expect(r.perClass.bird!.recall).toBeCloseTo(0.75, 12);
    expect(r.perClass.bird!.f1).toBeCloseTo(0.75, 12);
    expect(r.perClass.bird!.support).toBe(4);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(truth.length);
    expect(r.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 0.75) / 3, 12);
  });

  it('reads 0, not NaN, for a class never predicted or never present', () => {
    const f = perClassFigures([
      [3, 0],
      [2, 0],
    ]);
    expect(f[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 });
    const empty = evaluationReport(['a', 'b'], [], []);
    expect(empty.accuracy).toBe(0);
    expect(Number.isNaN(empty.macroF1)).toBe(false);
  });

  it('refuses out-of-range classes and mismatched lengths', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/out of range/);
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(/entries/);
  });

  it('softmax is stable for large logits and top-k orders by score', () => {
    const p = softmax([1000, 1001, 999]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[1]).toBeGreaterThan(p[0]!);
    expect(topK(p, ['a', 'b', 'c'], 2).map((t) => t.label)).toEqual(['b', 'a']);
  });
});
