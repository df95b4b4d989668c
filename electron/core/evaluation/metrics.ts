/** Per-class figures as the contract names them (sklearn's classification_report semantics). */
export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationReport {
  accuracy: number;
  labels: string[];
  /** confusion[true][predicted]: rows are the true class, columns the predicted one. */
  confusion: number[][];
  perClass: Record<string, ClassFigures>;
  macroF1: number;
  count: number;
  method?: 'held-out' | 'cross-validation';
  folds?: number;
}

/** Rows = truth, columns = prediction; indices outside [0, n) are refused so a mislabeled pair is never silently dropped. */
export function confusionMatrix(truth: readonly number[], predicted: readonly number[], numClasses: number): number[][] {
  if (truth.length !== predicted.length) throw new Error(`truth has ${truth.length} entries, predictions ${predicted.length}`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (!(t >= 0 && t < numClasses && p >= 0 && p < numClasses)) throw new Error(`class index out of range at ${i}: truth ${t}, predicted ${p}`);
    m[t]![p]!++;
  }
  return m;
}

/** 0 when the denominator is 0 (sklearn's zero_division=0), so an unseen class reads 0 rather than NaN. */
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function perClassFigures(confusion: readonly (readonly number[])[]): ClassFigures[] {
  const n = confusion.length;
  return Array.from({ length: n }, (_, k) => {
    const tp = confusion[k]![k]!;
    const support = confusion[k]!.reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let r = 0; r < n; r++) predicted += confusion[r]![k]!;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
}

export function evaluationReport(labels: readonly string[], truth: readonly number[], predicted: readonly number[]): EvaluationReport {
  const confusion = confusionMatrix(truth, predicted, labels.length);
  const figures = perClassFigures(confusion);
  let correct = 0;
  for (let k = 0; k < labels.length; k++) correct += confusion[k]![k]!;
  const withSupport = figures.filter((f) => f.support > 0);
  return {
    accuracy: ratio(correct, truth.length),
    labels: [...labels],
    confusion,
    perClass: Object.fromEntries(labels.map((l, k) => [l, figures[k]!])),
    macroF1: ratio(
      withSupport.reduce((a, f) => a + f.f1, 0),
      withSupport.length,
    ),
    count: truth.length,
  };
}

/** Softmax of one row of logits, computed stably (max subtracted). */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** The k best classes of one probability row, best first; ties keep the lower index first. */
export function topK(probs: readonly number[], labels: readonly string[], k: number): Array<{ label: string; score: number; index: number }> {
  return probs
    .map((score, index) => ({ label: labels[index]!, score, index }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, Math.max(1, k));
}
