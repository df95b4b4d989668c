import type { CoreContext } from '../context';
import { runsRepo } from '../store/repos/runs';
import { runLeasesRepo } from '../store/repos/run-leases';
import type { LeaseOwner } from '../store/repos/run-leases';
import { createLeaseOwner, describeOwner, leaseStaleMs, ownerGone, type OwnerKind } from './run-lease';

/**
 * Marks interrupted every run left running, paused or queued by a core that is gone (pid dead,
 * heartbeat stale, or a closed core of this process). A run whose owner is alive is left alone,
 * whichever face asks: the app, `studio serve` and every CLI command run this. Returns the run ids.
 */
export function recoverStaleRuns(ctx: Pick<CoreContext, 'db'>): number[] {
  const runs = runsRepo(ctx.db);
  const leases = runLeasesRepo(ctx.db);
  return ctx.db
    .transaction(() => {
      const rows = runs.listUnfinished();
      const out: number[] = [];
      for (const r of rows) {
        const l = leases.get(r.id);
        if (l && !ownerGone(l)) continue;
        const who = l ? describeOwner(l) : 'The studio process that held it';
        const what = r.status === 'queued' ? 'waited in its queue' : 'trained it';
        // The lease row stays: its worker pid tells a later resume to wait for that process to end.
        runs.setStatus(r.id, 'interrupted', { error: `${who.charAt(0).toUpperCase()}${who.slice(1)} stopped while it ${what}. Resume continues from the last checkpoint.` });
        out.push(r.id);
      }
      return out;
    })
    .immediate();
}

type LostListener = (runIds: number[]) => void;

export interface LeaseKeeper {
  readonly owner: LeaseOwner;
  /** Called with the ids of runs whose lease this core no longer holds. */
  onLost(fn: LostListener): void;
}

/**
 * Starts a core's lease duty: its identity, a heartbeat on the runs it owns, and, every beat, the
 * recovery of runs whose owner died meanwhile (so `studio serve` notices a killed CLI run without a
 * restart). A lease this core lost to another (its heartbeat was stale and the run was resumed
 * elsewhere) is reported to the supervisor, which stops its process.
 */
export function startLeaseKeeper(ctx: Pick<CoreContext, 'db' | 'events' | 'onClose'>, kind: OwnerKind): LeaseKeeper {
  const owner = createLeaseOwner(kind, ctx.onClose);
  const listeners = new Set<LostListener>();
  const held = new Set<number>();
  const beatMs = Math.max(50, Math.min(5000, Math.floor(leaseStaleMs() / 6)));
  const beat = () => {
    try {
      const still = new Set(runLeasesRepo(ctx.db).heartbeat(owner.token));
      const lost = [...held].filter((id) => !still.has(id));
      held.clear();
      still.forEach((id) => held.add(id));
      if (lost.length) listeners.forEach((fn) => fn(lost));
      for (const runId of recoverStaleRuns(ctx)) ctx.events.emit('runs.changed', { runId });
    } catch {
      // A busy or full disk skips one beat; the next one tries again.
    }
  };
  const timer = setInterval(beat, beatMs);
  timer.unref();
  ctx.onClose(() => clearInterval(timer));
  return { owner, onLost: (fn) => void listeners.add(fn) };
}
