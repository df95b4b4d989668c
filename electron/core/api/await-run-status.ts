import type { RunStatus, RunSummary } from '../../../shared/domain/run';
import type { CoreContext } from '../context';
import { runsRepo } from '../store/repos/runs';

/**
 * How long a pause/resume call waits for the training process to confirm. A pause lands after the
 * batch in flight, which is well under this on any machine the studio trains on; past it the call
 * returns the status as it then is rather than hold the client.
 */
export const statusWaitMs = 10_000;

/**
 * The run once its status satisfies `reached` (checked now and on every runs.changed for it), or
 * as it is after `timeoutMs`. Pause and resume are requests to another process; this lets their
 * result say what happened instead of echoing the status from before the request.
 */
export function awaitRunStatus(ctx: CoreContext, runId: number, reached: (s: RunStatus) => boolean, timeoutMs = statusWaitMs): Promise<RunSummary> {
  const current = () => runsRepo(ctx.db).get(runId)!;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (run: RunSummary) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(run);
    };
    const check = () => {
      const run = current();
      if (reached(run.status)) finish(run);
    };
    const unsubscribe = ctx.events.subscribe((event, payload) => {
      if (event === 'runs.changed' && (payload as { runId?: number }).runId === runId) check();
    });
    const timer = setTimeout(() => finish(current()), timeoutMs);
    check();
  });
}
