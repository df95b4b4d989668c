import type { ResultOf } from '../../../shared/api/contract';

export type Run = ResultOf<'runs.list'>['runs'][number];

export const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)} %`);

export function secs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v < 60) return `${v.toFixed(1)} s`;
  const m = Math.floor(v / 60);
  return `${m} min ${Math.round(v - m * 60)} s`;
}

/** Wall-clock seconds from start to finish (null while running or never started). */
export function durationOf(r: Run): number | null {
  if (!r.startedAt || !r.finishedAt) return null;
  return (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
}

export function optionsOf(r: Run): Record<string, unknown> {
  return (r.params.options ?? {}) as Record<string, unknown>;
}

/** The hyperparameters worth a column: what differs between runs a user compares. */
export function keyParams(r: Run): string {
  const o = optionsOf(r);
  const resolved = (r.params.resolved ?? {}) as Record<string, unknown>;
  // The exact probe has no epochs or batches: its one hyperparameter is the regularisation it chose.
  if (r.mode === 'probe' && (o.headSolver ?? 'exact') === 'exact' && !(typeof o.hiddenUnits === 'number' && o.hiddenUnits > 0)) {
    return [`exact · C ${r.metrics.probeC ?? '?'}`, ...(o.seed !== undefined ? [`seed ${String(o.seed)}`] : [])].join(' · ');
  }
  const parts = [`${String(o.epochs ?? '?')} ep`];
  if (o.learningRate !== undefined) parts.push(`lr ${String(o.learningRate)}`);
  if (resolved.batchSize !== undefined) parts.push(`bs ${String(resolved.batchSize)}`);
  if (typeof o.hiddenUnits === 'number' && o.hiddenUnits > 0) parts.push(`hidden ${o.hiddenUnits}`);
  if (o.seed !== undefined) parts.push(`seed ${String(o.seed)}`);
  return parts.join(' · ');
}

export function bestValAccuracy(r: Run): number | null {
  return r.metrics.valAccuracy ?? null;
}

export function testAccuracy(r: Run): number | null {
  return r.metrics.testAccuracy ?? null;
}

/** The figure to rank runs by: held-out test accuracy, else the cross-validated estimate, else validation. */
export function headlineAccuracy(r: Pick<Run, 'metrics'>): number | null {
  return r.metrics.testAccuracy ?? r.metrics.cvAccuracy ?? r.metrics.valAccuracy ?? null;
}

/** What a run decided and why (validation policy, regularisation, probe vs finetune), as the trainer worded it. */
export function decisionOf(r: Pick<Run, 'params'>): { estimateText?: string; reasons: string[] } {
  const d = (r.params.decision ?? {}) as Record<string, unknown>;
  const reasons = (['policyReason', 'cReason', 'keptReason'] as const).flatMap((k) => (typeof d[k] === 'string' ? [d[k]] : []));
  return { estimateText: typeof d.estimateText === 'string' ? d.estimateText : undefined, reasons };
}

/** Test accuracy where the run held a test split out, else its cross-validated estimate marked as such. */
export function accuracyCell(r: Pick<Run, 'metrics'>): string {
  if (r.metrics.testAccuracy !== undefined) return pct(r.metrics.testAccuracy);
  if (r.metrics.cvAccuracy !== undefined) return `${pct(r.metrics.cvAccuracy)} (estimated)`;
  return '—';
}

/** "84.0 % ± 14.1 %" for a run with an accuracy estimate, else '—'. */
export function estimate(r: Pick<Run, 'metrics'>): string {
  const a = r.metrics.estimatedAccuracy;
  const b = r.metrics.estimateBand;
  return a === undefined ? '—' : `${pct(a)}${b !== undefined ? ` ± ${pct(b)}` : ''}`;
}

export const statusColor = (s: Run['status']) => (s === 'completed' ? 'success' : s === 'failed' ? 'error' : s === 'running' ? 'info' : 'default');

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
