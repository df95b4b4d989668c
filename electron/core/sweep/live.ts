import type { CoreContext } from '../context';
import { runsRepo } from '../store/repos/runs';
import { sweepsRepo } from '../store/repos/sweeps';
import { initialLive, type LiveRun } from '../training/live-state';

/**
 * The Train page's live state for a run that trains on a worker, from what the coordinator has
 * applied: the same shape a local run's training.progress carries, at epoch granularity.
 */
export function liveOfQueued(ctx: CoreContext, runId: number): LiveRun | null {
  const run = runsRepo(ctx.db).get(runId);
  const sr = sweepsRepo(ctx.db).run(runId);
  if (!run || !sr) return null;
  const epochs = Number((run.params.options as { epochs?: number } | undefined)?.epochs ?? 0);
  const live = initialLive(runId, epochs);
  live.status = run.status;
  live.epoch = sr.epoch;
  live.phase = run.status === 'running' ? (sr.epoch > 0 ? 'training' : 'starting') : run.status === 'queued' ? 'queued' : 'done';
  if (sr.backend) live.backend = { name: sr.backend, skipped: [] };
  return live;
}
