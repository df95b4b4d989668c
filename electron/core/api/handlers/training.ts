import type { trainingMethods } from '../../../../shared/api/methods/training';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { StudioError } from '../../../../shared/api/errors';
import { runsRepo } from '../../store/repos/runs';
import { runMetricsRepo } from '../../store/repos/run-metrics';
import { supervisorFor } from '../../training/registry';
import { queueFor } from '../../training/queue';
import { clearFeatureCache, featureCacheInfo } from '../../training/engine/feature-cache';
import { awaitRunStatus } from '../await-run-status';

export function trainingHandlers(ctx: CoreContext): HandlersFor<typeof trainingMethods> {
  const sup = () => supervisorFor(ctx);
  return {
    'training.start': (p) => {
      const queue = queueFor(ctx);
      if (!queue.busy()) return sup().start(p);
      // A Compare batch is training: this run waits its turn rather than running beside it
      // (two training processes at once can exhaust a laptop's memory).
      const { runIds } = queue.startMany({ ...p, backboneIds: [p.backboneId] });
      return runsRepo(ctx.db).get(runIds[0]!)!;
    },
    'training.startMany': (p) => queueFor(ctx).startMany(p),
    'training.queue': () => ({ batches: queueFor(ctx).list() }),
    // Both return the status the request led to (paused / running, or how the run ended meanwhile).
    'training.pause': (p) => {
      sup().pause(p.runId);
      return awaitRunStatus(ctx, p.runId, (s) => s !== 'running');
    },
    'training.resume': (p) => {
      if (queueFor(ctx).isWaiting(p.runId)) throw new StudioError('conflict', `Run ${p.runId} is waiting in the queue; it starts when the runs before it have finished.`);
      sup().resume(p.runId);
      return awaitRunStatus(ctx, p.runId, (s) => s !== 'paused');
    },
    // A run still waiting in the queue is taken out of it (and marked cancelled) instead.
    'training.cancel': (p) => {
      if (queueFor(ctx).cancelWaiting(p.runId)) return runsRepo(ctx.db).get(p.runId)!;
      return sup().cancel(p.runId);
    },
    'training.metrics': (p) => {
      const run = runsRepo(ctx.db).get(p.runId);
      if (!run) throw new StudioError('not_found', `No run ${p.runId}.`);
      sup().flushMetrics(p.runId);
      const all = runMetricsRepo(ctx.db).list(p.runId);
      const points = p.sinceStep === undefined ? all : all.filter((x) => x.scope === 'epoch' || x.idx > p.sinceStep!);
      return { run, points, live: sup().liveOf(p.runId) };
    },
    'training.active': () => ({ runs: sup().activeRuns() }),
    'training.cacheInfo': () => ({ ...featureCacheInfo(sup().cacheDir), dir: sup().cacheDir }),
    'training.clearCache': () => {
      if (sup().isTraining()) throw new StudioError('conflict', 'A run is training; clear the cache when it has finished.');
      const r = clearFeatureCache(sup().cacheDir);
      return { freedBytes: r.bytes, entries: r.entries };
    },
  };
}
