import type { RunSummary } from '../../../shared/domain/run';
import { headlineAccuracy, pct } from '../experiments/format';

/** "about 20 s left", "about 3 min left": an estimate, so never more precise than a user can use. */
export function timeLeft(seconds: number): string {
  if (seconds < 10) return 'a few seconds left';
  if (seconds < 90) return `about ${Math.round(seconds / 5) * 5} s left`;
  const min = Math.round(seconds / 60);
  return min < 90 ? `about ${min} min left` : `about ${Math.round(min / 60)} h left`;
}

const statusWords: Record<RunSummary['status'], string> = {
  queued: 'Waiting its turn',
  running: 'Training…',
  paused: 'Paused',
  completed: 'Finished',
  failed: 'Failed',
  cancelled: 'Stopped',
  interrupted: 'Interrupted — it can resume',
};

export const statusWord = (s: RunSummary['status']) => statusWords[s];

/**
 * A run the trainer ended before its planned last epoch because validation stopped improving.
 * `lastEpoch` is the last epoch the run recorded (its curve), which the run summary does not carry.
 */
export function earlyStop(r: Pick<RunSummary, 'metrics' | 'params' | 'status'> & { mode?: RunSummary['mode'] }, lastEpoch: number | undefined): { stoppedAt: number; best: number } | null {
  const best = r.metrics.bestEpoch;
  const o = (r.params.options ?? {}) as { headSolver?: unknown; hiddenUnits?: unknown };
  // The exact probe is solved in one go: its "epochs" setting never applied, so it cannot stop early.
  if (r.mode === 'probe' && (o.headSolver ?? 'exact') === 'exact' && !(typeof o.hiddenUnits === 'number' && o.hiddenUnits > 0)) return null;
  const planned = Number((r.params.options as { epochs?: unknown } | undefined)?.epochs ?? NaN);
  if (r.status !== 'completed' || lastEpoch === undefined || best === undefined || !Number.isFinite(planned)) return null;
  return lastEpoch < planned ? { stoppedAt: lastEpoch, best } : null;
}

/** "Stopped early at epoch 12 — the best model (epoch 9) was kept." */
export function earlyStopText(r: Pick<RunSummary, 'metrics' | 'params' | 'status'> & { mode?: RunSummary['mode'] }, lastEpoch: number | undefined): string | null {
  const e = earlyStop(r, lastEpoch);
  return e ? `Stopped early at epoch ${e.stoppedAt} — the best model (epoch ${e.best}) was kept.` : null;
}

/** The one line a notification says about a run that just ended. */
export function endedLine(r: RunSummary): string {
  const acc = headlineAccuracy(r);
  const what = `Run #${r.id}${r.backboneId ? ` (${r.backboneId} on ${r.datasetName ?? 'a deleted dataset'})` : ''}`;
  if (r.status === 'completed') return `${what} finished${acc !== null ? `: ${pct(acc)} accuracy` : ''}.`;
  if (r.status === 'failed') return `${what} failed${r.error ? `: ${r.error}` : '.'}`;
  if (r.status === 'cancelled') return `${what} was stopped.`;
  return `${what} was interrupted; it can resume from its last checkpoint.`;
}

/** "1 image", "2 images": plurals the issue saw printed as "2 item(s)". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
