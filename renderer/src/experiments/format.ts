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

export const statusColor = (s: Run['status']) => (s === 'completed' ? 'success' : s === 'failed' ? 'error' : s === 'running' ? 'info' : 'default');

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
