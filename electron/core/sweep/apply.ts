import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CoreContext } from '../context';
import { runsRepo } from '../store/repos/runs';
import { runMetricsRepo, type MetricPoint } from '../store/repos/run-metrics';
import { artifactsRepo } from '../store/repos/artifacts';
import { runLeasesRepo } from '../store/repos/run-leases';
import { sweepsRepo } from '../store/repos/sweeps';
import { leaseOwnerOf } from '../training/run-lease';
import type { SweepResult } from './protocol';
import { liveOfQueued } from './live';

const terminal = new Set(['completed', 'failed', 'cancelled']);

/**
 * Applies one result a worker sent back, into the same tables a local run writes (runs, run_metrics,
 * artifacts) and with the same events, so the Train and Experiments pages show a queued run like a
 * local one. Re-delivery is expected (a coordinator killed before it acknowledged, a stalled result
 * job): an epoch is written only if its (run, epoch) row is new, in the same transaction; a run that
 * has ended takes nothing more; 'started' counts an attempt by its number, not by arrival.
 * `blobDir` holds what workers uploaded, by hash.
 */
export function applyResult(ctx: CoreContext, blobDir: string, m: SweepResult): void {
  const runs = runsRepo(ctx.db);
  const sweeps = sweepsRepo(ctx.db);
  const run = runs.get(m.runId);
  const sr = sweeps.run(m.runId);
  if (!run || !sr || terminal.has(run.status)) return;
  const changed = (epochEvent?: { epoch: number; metrics: Record<string, number> }) => {
    ctx.events.emit('runs.changed', { runId: m.runId });
    if (epochEvent) ctx.events.emit('training.epoch', { runId: m.runId, ...epochEvent });
    const live = liveOfQueued(ctx, m.runId);
    if (live) ctx.events.emit('training.progress', live);
    ctx.events.emit('sweep.changed', { sweepId: sr.sweepId, runId: m.runId });
  };
  const release = () => runLeasesRepo(ctx.db).release(m.runId, leaseOwnerOf(ctx).token);
  switch (m.type) {
    case 'started':
      ctx.db.transaction(() => {
        sweeps.started(m.runId, m.worker, m.attempt, m.resumedFromEpoch);
        runs.setStatus(m.runId, 'running');
        runs.clearError(m.runId);
      })();
      return changed();
    case 'backend':
      ctx.db.transaction(() => {
        sweeps.setBackend(m.runId, m.name);
        runs.setStatus(m.runId, 'running', { backend: m.name });
        runs.setParams(m.runId, { ...runs.get(m.runId)!.params, backendDetail: { name: m.name, skipped: m.skipped }, worker: m.worker });
      })();
      return changed();
    case 'epoch': {
      const finite = Object.fromEntries(Object.entries(m.metrics).filter(([, v]) => Number.isFinite(v)));
      const points: MetricPoint[] = Object.entries({ ...finite, numTensors: m.numTensors }).map(([name, value]) => ({ scope: 'epoch', idx: m.epoch, name, value }));
      const fresh = ctx.db.transaction(() => {
        if (!sweeps.markEpoch(m.runId, m.epoch, m.worker)) return false;
        runMetricsRepo(ctx.db).record(m.runId, points);
        runs.setMetrics(m.runId, finite);
        if (m.checkpoint && existsSync(join(blobDir, m.checkpoint.sha256))) {
          artifactsRepo(ctx.db).add({ runId: m.runId, kind: 'checkpoint', path: relative(ctx.dataDir, join(blobDir, m.checkpoint.sha256)), bytes: m.checkpoint.bytes, sha256: m.checkpoint.sha256 });
        }
        return true;
      })();
      if (fresh) changed({ epoch: m.epoch, metrics: m.metrics });
      return;
    }
    case 'done': {
      if (m.status === 'cancelled') {
        ctx.db.transaction(() => {
          runs.setStatus(m.runId, 'cancelled');
          release();
        })();
        return changed();
      }
      const finite = Object.fromEntries(Object.entries(m.metrics).filter(([, v]) => Number.isFinite(v)));
      const uploaded = m.model ? join(blobDir, m.model.sha256) : null;
      if (!uploaded || !existsSync(uploaded)) {
        ctx.db.transaction(() => {
          runs.setStatus(m.runId, 'failed', { error: `Worker ${m.worker} finished the run but its model never reached the coordinator.` });
          sweeps.setReason(m.runId, 'The model was not uploaded.');
          release();
        })();
        return changed();
      }
      // The model joins the run's own folder, like a local run's, so deleting the run deletes it.
      const dir = join(ctx.dataDir, 'runs', String(m.runId));
      mkdirSync(dir, { recursive: true });
      const model = join(dir, 'model.ckpt');
      copyFileSync(uploaded, model);
      ctx.db.transaction(() => {
        runs.setMetrics(m.runId, finite);
        runs.setParams(m.runId, { ...runs.get(m.runId)!.params, worker: m.worker, trainedEpochs: m.trainedEpochs });
        artifactsRepo(ctx.db).add({ runId: m.runId, kind: 'model', path: relative(ctx.dataDir, model), bytes: m.model!.bytes, sha256: m.model!.sha256 });
        sweeps.setWorker(m.runId, m.worker);
        runs.setStatus(m.runId, 'completed');
        release();
      })();
      return changed();
    }
    case 'failed':
      ctx.db.transaction(() => {
        runs.setStatus(m.runId, 'failed', { error: `On worker ${m.worker}: ${m.reason}` });
        sweeps.setReason(m.runId, m.reason);
        release();
      })();
      return changed();
    case 'refused':
      ctx.db.transaction(() => {
        if (sweeps.unstart(m.runId, m.worker)) runs.setStatus(m.runId, 'queued');
        sweeps.addRefusal(m.runId, m.worker, m.reason);
      })();
      return changed();
  }
}
