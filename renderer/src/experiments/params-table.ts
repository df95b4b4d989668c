import type { RunSummary } from '../../../shared/domain/run';

/** Words for the keys a run records; anything not listed is turned from camelCase into words. */
const labels: Record<string, string> = {
  epochs: 'Epochs (at most)',
  learningRate: 'Learning rate',
  batchSize: 'Batch size',
  hiddenUnits: 'Hidden layer size',
  dropout: 'Dropout',
  labelSmoothing: 'Label smoothing',
  patience: 'Stop after epochs without improvement',
  seed: 'Random seed',
  finetuneBlocks: 'Blocks retrained',
  classWeights: 'Balance rare classes',
  augmentViews: 'Augmented views per image',
  headSolver: 'Classifier fitting',
  validation: 'Accuracy measured by',
  warmupSteps: 'Warm-up steps',
  l2: 'Weight decay (L2)',
  snapshotId: 'Data snapshot',
  createdAt: 'Created',
  startedAt: 'Started',
  finishedAt: 'Finished',
  backendDetail: 'Ran on',
  backend: 'Ran on',
};

const sections: Record<string, string> = { options: 'Settings', resolved: 'Chosen for this run', decision: 'Decisions' };

function words(key: string): string {
  const w = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_.]/g, ' ').toLowerCase();
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** One value as a person reads it: no [object Object], no raw JSON unless nothing better exists. */
export function readable(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en') : String(Number(v.toPrecision(4)));
  if (typeof v === 'string') return /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v)) ? new Date(v).toLocaleString() : v;
  if (Array.isArray(v)) return v.length ? v.map(readable).join('; ') : 'none';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // {name, reason} pairs (backends skipped, files skipped) read best as "name: reason".
    if (typeof o.name === 'string' && typeof o.reason === 'string') return `${o.name}: ${o.reason}`;
    return Object.entries(o)
      .map(([k, x]) => `${words(k)}: ${readable(x)}`)
      .join(', ');
  }
  return String(v);
}

/** "wasm (not used: tfjs-node — not installed)" from the ladder's record. */
function backendText(v: unknown): string {
  const b = v as { name?: unknown; skipped?: Array<{ name: string; reason: string }>; warning?: unknown } | null;
  if (!b || typeof b.name !== 'string') return readable(v);
  const skipped = (b.skipped ?? []).map((s) => `${s.name} — ${s.reason}`);
  return `${b.name}${skipped.length ? ` (not used: ${skipped.join('; ')})` : ''}${typeof b.warning === 'string' ? `. ${b.warning}` : ''}`;
}

export interface ParamRow {
  section: string;
  label: string;
  value: string;
  key: string;
}

/** The Parameters tab: the run's settings, what was resolved for it and its timeline, in words. */
export function paramRows(run: Pick<RunSummary, 'params' | 'snapshotId' | 'createdAt' | 'startedAt' | 'finishedAt' | 'backend'>): ParamRow[] {
  const rows: ParamRow[] = [];
  const other: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(run.params)) {
    if (k === 'backendDetail') continue;
    if (sections[k] && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [ik, iv] of Object.entries(v as Record<string, unknown>)) rows.push({ section: sections[k], key: `${k}.${ik}`, label: labels[ik] ?? words(ik), value: readable(iv) });
    } else other.push([k, v]);
  }
  for (const [k, v] of other) rows.push({ section: 'Other', key: k, label: labels[k] ?? words(k), value: readable(v) });
  const detail = run.params.backendDetail;
  rows.push({ section: 'Run', key: 'backend', label: labels.backend!, value: detail ? backendText(detail) : (run.backend ?? '—') });
  for (const k of ['snapshotId', 'createdAt', 'startedAt', 'finishedAt'] as const) rows.push({ section: 'Run', key: k, label: labels[k]!, value: readable(run[k]) });
  return rows;
}
