import { relative } from 'node:path';
import type { CoreContext } from '../context';
import type { RunSummary } from '../../../shared/domain/run';
import type { RunsRepo } from '../store/repos/runs';
import type { MetricPoint, RunMetricsRepo } from '../store/repos/run-metrics';
import type { ArtifactsRepo } from '../store/repos/artifacts';
import type { FromWorker } from './protocol';
import type { WorkerProcess } from '../worker-rpc/process';
import type { LiveRun, StepClock } from './live-state';
import { pruneCheckpoints } from './retention';

export const EMIT_INTERVAL_MS = 100; // at most ~10 events a second per run and kind

/** A training process the supervisor is watching, and what it has reported so far. */
export interface Active {
  handle: WorkerProcess;
  live: LiveRun;
  clock: StepClock;
  stepsPerEpoch: number;
  lastStepEmit: number;
  lastProgressEmit: number;
  /** Step points not yet in the store: written together, not one transaction per step. */
  pendingSteps: MetricPoint[];
  lastStepFlush: number;
  lastError: string | null;
  /** Epoch checkpoints kept besides the best (trainOptions.keepCheckpoints; 0 keeps all). */
  keepCheckpoints: number;
  /** A disk failure that ended the run (the process is killed; the run fails with this reason). */
  fatal: string | null;
  /** Another core took the run over: nothing more is recorded from this process. */
  leaseLost: boolean;
  /** Stopped because the core is closing: interrupted, whatever exit the process manager reports (utilityProcess gives no signal). */
  closing: boolean;
  /** Set once the run's final status is in the store. */
  ended: boolean;
  cancelRequested: boolean;
  done: Promise<RunSummary>;
}

export interface ReportDeps {
  ctx: CoreContext;
  runs: RunsRepo;
  metrics: RunMetricsRepo;
  artifacts: ArtifactsRepo;
  emitProgress(a: Active, force?: boolean): void;
}

/** Retention as training goes: the newest `keepCheckpoints` and the best epoch's stay. */
function prune(d: ReportDeps, runId: number, a: Active, epoch: number, bestEpoch: number | undefined): void {
  pruneCheckpoints(d.ctx, runId, { keep: a.keepCheckpoints, upToEpoch: epoch, ...(bestEpoch !== undefined ? { bestEpoch } : {}) });
}

/** Writes the buffered step points in one transaction. */
export function flushSteps(metrics: RunMetricsRepo, runId: number, a: Active): void {
  if (a.pendingSteps.length === 0) return;
  metrics.record(runId, a.pendingSteps);
  a.pendingSteps = [];
  a.lastStepFlush = Date.now();
}

/**
 * Turns one report from a training process into store writes and events. The main process is
 * the only SQLite writer, so everything the worker learns passes through here.
 */
export function recordReport(d: ReportDeps, runId: number, a: Active, m: FromWorker): void {
  const live = a.live;
  // Anything that marks a boundary (epoch, checkpoint, pause, end) finds every earlier step stored.
  if (m.type !== 'step') flushSteps(d.metrics, runId, a);
  switch (m.type) {
    case 'backend': {
      const info = m.warning ? { name: m.name, skipped: m.skipped, warning: m.warning } : { name: m.name, skipped: m.skipped };
      live.backend = info;
      d.ctx.services.backendInfo.set({ name: m.name, skipped: m.skipped });
      d.runs.setStatus(runId, 'running', { backend: m.name });
      const run = d.runs.get(runId)!;
      d.runs.setParams(runId, { ...run.params, backendDetail: info });
      d.emitProgress(a, true);
      break;
    }
    case 'inference': {
      const run = d.runs.get(runId)!;
      const { type: _type, ...inference } = m;
      d.runs.setParams(runId, { ...run.params, inference });
      break;
    }
    case 'phase':
      live.phase = m.phase;
      d.emitProgress(a, true);
      break;
    case 'plan': {
      a.stepsPerEpoch = m.stepsPerEpoch;
      live.totalSteps = m.stepsPerEpoch * m.epochs;
      live.epochs = m.epochs;
      live.epoch = m.startEpoch;
      live.step = (m.startEpoch - 1) * m.stepsPerEpoch;
      const run = d.runs.get(runId)!;
      d.runs.setParams(runId, { ...run.params, resolved: { cut: m.cut, numBlocks: m.numBlocks, batchSize: m.batchSize, stepsPerEpoch: m.stepsPerEpoch } });
      break;
    }
    case 'decision': {
      const run = d.runs.get(runId)!;
      const prev = (run.params.decision ?? {}) as Record<string, unknown>;
      d.runs.setParams(runId, { ...run.params, decision: { ...prev, ...m.decision } });
      break;
    }
    case 'features':
      live.cache = { hits: m.hits, computed: m.computed, total: m.total };
      live.trunkSeconds = m.trunkSeconds;
      d.emitProgress(a, m.done === m.total);
      break;
    case 'step': {
      a.pendingSteps.push({ scope: 'step', idx: m.step, name: 'loss', value: m.loss }, { scope: 'step', idx: m.step, name: 'lr', value: m.lr });
      live.step = m.step;
      live.epoch = m.epoch;
      live.itemsPerSecond = m.itemsPerSecond;
      const now = Date.now();
      if (now - a.lastStepFlush >= EMIT_INTERVAL_MS) flushSteps(d.metrics, runId, a);
      const avg = a.clock.tick(now);
      live.etaSeconds = avg === null ? null : Math.max(0, (live.totalSteps - m.step) * avg);
      if (now - a.lastStepEmit >= EMIT_INTERVAL_MS) {
        a.lastStepEmit = now;
        d.ctx.events.emit('training.step', { runId, step: m.step, epoch: m.epoch, loss: m.loss, lr: m.lr });
      }
      d.emitProgress(a);
      break;
    }
    case 'epoch': {
      const points: MetricPoint[] = Object.entries({ ...m.metrics, numTensors: m.numTensors }).map(([name, value]) => ({ scope: 'epoch', idx: m.epoch, name, value }));
      d.ctx.db.transaction(() => {
        d.metrics.record(runId, points.filter((p) => Number.isFinite(p.value)));
        d.runs.setMetrics(runId, Object.fromEntries(Object.entries(m.metrics).filter(([, v]) => Number.isFinite(v))));
        if (m.checkpoint) d.artifacts.add({ runId, kind: 'checkpoint', path: relative(d.ctx.dataDir, m.checkpoint.path), bytes: m.checkpoint.bytes, sha256: m.checkpoint.sha256 });
      })();
      if (m.checkpoint) prune(d, runId, a, m.epoch, m.checkpoint.bestEpoch);
      live.headSeconds += m.headSeconds;
      d.ctx.events.emit('training.epoch', { runId, epoch: m.epoch, metrics: m.metrics });
      d.emitProgress(a, true);
      break;
    }
    case 'checkpoint':
      d.artifacts.add({ runId, kind: 'checkpoint', path: relative(d.ctx.dataDir, m.path), bytes: m.bytes, sha256: m.sha256 });
      prune(d, runId, a, m.epoch, m.bestEpoch);
      break;
    case 'paused':
      d.runs.setStatus(runId, 'paused');
      live.status = 'paused';
      a.clock.pause();
      d.ctx.events.emit('runs.changed', { runId });
      d.emitProgress(a, true);
      break;
    case 'resumed':
      d.runs.setStatus(runId, 'running');
      live.status = 'running';
      d.ctx.events.emit('runs.changed', { runId });
      d.emitProgress(a, true);
      break;
    case 'done': {
      if (m.status === 'completed') {
        const finite = Object.fromEntries(Object.entries(m.metrics).filter(([, v]) => Number.isFinite(v)));
        d.ctx.db.transaction(() => {
          d.runs.setMetrics(runId, finite);
          if (m.modelPath) d.artifacts.add({ runId, kind: 'model', path: relative(d.ctx.dataDir, m.modelPath), bytes: 0, sha256: null });
          d.runs.setStatus(runId, 'completed');
        })();
      } else d.runs.setStatus(runId, 'cancelled');
      a.ended = true;
      live.status = m.status;
      live.phase = 'done';
      d.ctx.events.emit('runs.changed', { runId });
      break;
    }
    case 'error':
      a.lastError = m.message;
      break;
  }
}
