import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
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
