// A run's lease: which core owns a running run (its identity, who it is in messages, whether it is
// gone), taking the lease before training, and the keeper that heartbeats the leases a core holds and
// recovers runs whose owner died. One concept: the keeper's beat and acquireLease decide together,
// through ownerGone and leaseStaleMs, whether a run may move to another core.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import { runsRepo } from '../store/repos/runs';
import { runLeasesRepo, type LeaseOwner, type RunLease } from '../store/repos/run-leases';
import { pidAlive } from './pid-alive';

/** What kind of face opened the core, for messages that say who holds a run. */
export type OwnerKind = 'app' | 'serve' | 'cli' | 'core';

/**
 * Tokens of the cores open in this process: a lease of this pid whose token is not here belongs to a
 * closed core. A fact about the process, not a core's state (several cores may share one process).
 */
// process-wide: which cores of this process are open
const liveTokens = new Set<string>();

/**
 * A heartbeat older than this means the owner is gone even if a process with its pid exists (the pid
 * was reused, the owner is on another machine sharing the folder, or it hangs). STUDIO_LEASE_STALE_MS
 * shortens it in tests.
 */
export function leaseStaleMs(): number {
  const v = Number(process.env.STUDIO_LEASE_STALE_MS);
  return Number.isFinite(v) && v > 0 ? v : 30_000;
}

/** The identity a core writes into the leases it takes; live until `onClose` runs. */
export function createLeaseOwner(kind: OwnerKind, onClose: (fn: () => void) => void): LeaseOwner {
  const owner: LeaseOwner = { pid: process.pid, host: hostname(), token: randomUUID(), kind };
  liveTokens.add(owner.token);
  onClose(() => void liveTokens.delete(owner.token));
  return owner;
}

export function leaseOwnerOf(ctx: CoreContext): LeaseOwner {
  return ctx.services.leases.owner;
}

/** Whether the core that wrote this lease can no longer be training the run. */
export function ownerGone(l: RunLease, now = Date.now()): boolean {
  const here = l.ownerHost === hostname();
  if (here && l.ownerPid === process.pid) return !liveTokens.has(l.ownerToken);
  if (here && !pidAlive(l.ownerPid)) return true;
  return now - l.heartbeatMs > leaseStaleMs();
}

const kindWords: Record<string, string> = { app: 'the Transfer Studio app', serve: '`studio serve`', cli: 'a `studio` command', core: 'another studio process' };

export function describeOwner(l: RunLease): string {
  return `${kindWords[l.ownerKind] ?? kindWords.core} (pid ${l.ownerPid}${l.ownerHost === hostname() ? '' : ` on ${l.ownerHost}`})`;
}

/**
 * Makes this core the run's owner, or throws `conflict` while a live owner holds it. Taking over
 * from a dead owner waits until its training process has gone too (it ends itself within a second
 * of losing its parent), so a run is never trained by two processes. Re-entrant for the same core.
 */
export function acquireLease(ctx: CoreContext, runId: number): void {
  const me = leaseOwnerOf(ctx);
  const repo = runLeasesRepo(ctx.db);
  ctx.db
    .transaction(() => {
      const l = repo.get(runId);
      if (l && l.ownerToken !== me.token) {
        if (!ownerGone(l)) throw new StudioError('conflict', `Run ${runId} is being trained by ${describeOwner(l)}; pause, resume or cancel it there.`);
        const fresh = Date.now() - l.heartbeatMs <= leaseStaleMs();
        if (l.workerPid !== null && fresh && l.ownerHost === me.host && pidAlive(l.workerPid)) {
          throw new StudioError('conflict', `Run ${runId}'s previous training process (pid ${l.workerPid}) is still stopping; try again in a few seconds.`);
        }
      }
      repo.put(runId, me);
    })
    .immediate();
}

/** The lease as it stands, when someone other than this core holds it and is alive. */
export function foreignLiveOwner(ctx: CoreContext, runId: number): RunLease | null {
  const l = runLeasesRepo(ctx.db).get(runId);
  if (!l || l.ownerToken === leaseOwnerOf(ctx).token || ownerGone(l)) return null;
  return l;
}

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
