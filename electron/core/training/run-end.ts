import { join } from 'node:path';
import type { CoreContext } from '../context';
import type { RunsRepo } from '../store/repos/runs';
import type { RunMetricsRepo } from '../store/repos/run-metrics';
import { runLeasesRepo } from '../store/repos/run-leases';
import { ioFailureReason } from './io-failure';
import { leaseOwnerOf } from './run-lease';
import { removeTempFiles } from './temp-files';
import { releaseSpaceReserve } from './space-reserve';
import { flushSteps, type Active } from './reports';

export interface EndDeps {
  ctx: CoreContext;
  runs: RunsRepo;
  metrics: RunMetricsRepo;
  cacheDir: string;
  log(msg: string): void;
}

/**
 * A report could not be recorded. A full or failing disk ends the run now (failed, with the reason)
 * rather than train on with nothing stored; anything else is kept for the exit message.
 */
export function recordFailure(a: Active, err: unknown): void {
  const reason = ioFailureReason(err, 'recording the run in the database');
  if (!reason) {
    a.lastError = `Recording the run failed: ${err instanceof Error ? err.message : String(err)}`;
    return;
  }
  a.fatal = reason;
  a.handle.kill('SIGKILL');
}

/**
 * How a training process ended, in the store: temporary files first (they may be what fills the
 * disk), then the steps still buffered, then the status and the lease in one transaction (on a full
 * disk, after freeing the space reserve). If even that cannot be written the store keeps its last
 * committed state; the lease then names a closed owner and the next start marks the run interrupted,
 * so nothing is half-written either way.
 */
export function recordExit(d: EndDeps, runId: number, a: Active, code: number | null, signal: string | null, tail: string): void {
  // Another core owns the run now: it writes the status, and its process may be writing in the run's folder.
  if (a.leaseLost) return;
  const abnormal = code !== 0 || signal !== null;
  if (abnormal) removeTempFiles(join(d.ctx.dataDir, 'runs', String(runId)), a.handle.pid ? { dir: d.cacheDir, pid: a.handle.pid } : undefined);
  const me = leaseOwnerOf(d.ctx).token;
  try {
    flushSteps(d.metrics, runId, a);
  } catch {
    // Steps the store could not take are lost (at most the epoch in progress); the end must still be recorded.
    a.pendingSteps = [];
  }
  const record = () =>
    d.ctx.db.transaction(() => {
      if (!a.ended) {
        if (a.fatal) d.runs.setStatus(runId, 'failed', { error: a.fatal });
        else if (a.cancelRequested) d.runs.setStatus(runId, 'cancelled');
        else if ((signal === 'SIGKILL' || a.closing) && !a.lastError) d.runs.setStatus(runId, 'interrupted', { error: describeExit(code, signal, tail, null) });
        else d.runs.setStatus(runId, 'failed', { error: describeExit(code, signal, tail, a.lastError) });
      }
      runLeasesRepo(d.ctx.db).release(runId, me);
    })();
  try {
    try {
      record();
    } catch (err) {
      // A full disk: give the store the space held back for this moment, then try once more.
      if (!ioFailureReason(err, '') || !releaseSpaceReserve(d.ctx.dataDir)) throw err;
      a.fatal ??= ioFailureReason(err, 'recording the run in the database');
      record();
    }
    a.ended = true;
  } catch (err) {
    d.log(`Could not record how run ${runId} ended: ${ioFailureReason(err, 'recording the end of the run') ?? (err instanceof Error ? err.message : String(err))}`);
  }
}

/** Turns how a training process ended into a sentence a non-coder can act on. */
export function describeExit(code: number | null, signal: string | null, stderrTail: string, lastError: string | null): string {
  const oom = /out of memory|heap out of memory|Aborted\(OOM\)|Cannot enlarge memory|RangeError: Array buffer allocation failed|std::bad_alloc/i;
  if (oom.test(stderrTail) || (lastError && oom.test(lastError))) {
    return 'The training process ran out of memory. Try a smaller batch size, probe mode, or fewer finetuned blocks.';
  }
  if (lastError) return lastError;
  if (signal === 'SIGKILL') return 'The training process was killed (SIGKILL) — by the system if memory ran out, or by hand. Resume continues from the last checkpoint.';
  if (signal) return `The training process stopped on signal ${signal}.`;
  // An uncaught exception ends with its stack and "Node.js vX": the error line above them is the one to show.
  const lines = stderrTail.trim().split('\n').filter(Boolean);
  const last = lines.filter((l) => /^(\w*Error|\w+Exception)\b/.test(l.trim())).pop() ?? lines.filter((l) => !/^Node\.js v\d/.test(l) && !/^\s+at /.test(l)).pop();
  return `The training process exited with code ${code}${last ? `: ${last.slice(0, 300)}` : ''}.`;
}
