import type { runsMethods } from '../../../../shared/api/methods/runs';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { StudioError } from '../../../../shared/api/errors';
import { runsRepo } from '../../store/repos/runs';
import { cleanRunCheckpoints, runDiskUsage } from '../../training/retention';
import { foreignLiveOwner } from '../../training/run-lease';
import { deleteRun } from '../../runs/delete-run';

export function runsHandlers(ctx: CoreContext): HandlersFor<typeof runsMethods> {
  const runs = runsRepo(ctx.db);
  return {
    'runs.list': (p) => ({ runs: runs.list(p.datasetId === undefined ? {} : { datasetId: p.datasetId }) }),
    'runs.diskUsage': (p) => {
      if (p.runId !== undefined && !runs.get(p.runId)) throw new StudioError('not_found', `No run ${p.runId}.`);
      const ids = p.runId !== undefined ? [p.runId] : runs.list().map((r) => r.id);
      const out = ids.map((runId) => ({ runId, ...runDiskUsage(ctx, runId) }));
      return { totalBytes: out.reduce((s, r) => s + r.bytes, 0), runs: out };
    },
    'runs.cleanCheckpoints': (p) => {
      const targets = p.runIds ?? runs.list().map((r) => r.id);
      let freedBytes = 0;
      let files = 0;
      let cleaned = 0;
      const skipped: number[] = [];
      for (const runId of targets) {
        const run = runs.get(runId);
        if (!run) throw new StudioError('not_found', `No run ${runId}.`);
        // A run some process trains (here or in another face) keeps its checkpoints: its retention prunes them.
        const busy = run.status === 'running' || run.status === 'paused' || run.status === 'queued';
        if (busy || ctx.services.training.liveOf(runId) || foreignLiveOwner(ctx, runId)) {
          skipped.push(runId);
          continue;
        }
        const r = cleanRunCheckpoints(ctx, runId, run.status === 'completed');
        freedBytes += r.freedBytes;
        files += r.files;
        if (r.files) cleaned++;
      }
      return { freedBytes, files, runs: cleaned, skipped };
    },
    'runs.delete': (p) => {
      const out = deleteRun(ctx, p.runId, Boolean(ctx.services.training.liveOf(p.runId) || foreignLiveOwner(ctx, p.runId)));
      ctx.events.emit('runs.changed', { runId: p.runId });
      return out;
    },
  };
}
