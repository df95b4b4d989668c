import type { trainingMethods } from '../../../../shared/api/methods/training';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { StudioError } from '../../../../shared/api/errors';
import { runsRepo } from '../../store/repos/runs';
import { runMetricsRepo } from '../../store/repos/run-metrics';
import { clearFeatureCache, featureCacheInfo } from '../../training/engine/feature-cache';
import { awaitRunStatus } from '../await-run-status';

export function trainingHandlers(ctx: CoreContext): HandlersFor<typeof trainingMethods> {
  const { training, scheduler } = ctx.services;
  return {
    // Every start and resume goes through the scheduler: one training process at a time.
    'training.start': (p) => scheduler.start(p),
    'training.startMany': (p) => scheduler.startMany(p),
    'training.queue': () => ({ batches: scheduler.list() }),
    // Both return the status the request led to (paused / running, or how the run ended meanwhile).
    'training.pause': (p) => {
      scheduler.pause(p.runId);
      return awaitRunStatus(ctx, p.runId, (s) => s !== 'running');
    },
    'training.resume': (p) => {
      scheduler.resume(p.runId);
      return awaitRunStatus(ctx, p.runId, (s) => s !== 'paused');
    },
    // A run still waiting in the queue is taken out of it (and marked cancelled) instead.
    'training.cancel': (p) => scheduler.cancel(p.runId),
    'training.metrics': (p) => {
      const run = runsRepo(ctx.db).get(p.runId);
      if (!run) throw new StudioError('not_found', `No run ${p.runId}.`);
      training.flushMetrics(p.runId);
      const all = runMetricsRepo(ctx.db).list(p.runId);
      const points = p.sinceStep === undefined ? all : all.filter((x) => x.scope === 'epoch' || x.idx > p.sinceStep!);
      return { run, points, live: training.liveOf(p.runId) };
    },
    'training.active': () => ({ runs: training.activeRuns() }),
    'training.cacheInfo': () => ({ ...featureCacheInfo(training.cacheDir), dir: training.cacheDir }),
    'training.clearCache': () => {
      if (training.isTraining()) throw new StudioError('conflict', 'A run is training; clear the cache when it has finished.');
      const r = clearFeatureCache(training.cacheDir);
      return { freedBytes: r.bytes, entries: r.entries };
    },
  };
}
