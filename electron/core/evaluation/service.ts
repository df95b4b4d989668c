import { join } from 'node:path';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import type { RunEvaluation } from '../../../shared/api/methods/evaluation';
import { runsRepo } from '../store/repos/runs';
import { runEvaluationsRepo } from '../store/repos/run-evaluations';
import { runPredictionsRepo, type PredictionRow } from '../store/repos/run-predictions';
import { snapshotPlan } from '../training/plan';
import { runModelSpec } from '../predict/spec';
import { evaluationReport, softmax, type EvaluationReport } from './metrics';
import { readOutOfFold } from '../training/probe/out-of-fold';
import type { PlanItem } from '../training/data/types';

/** Evaluations running in this core (one per run at a time); built by openCore. */
export interface EvaluationState {
  running: Map<number, Promise<RunEvaluation>>;
  closed: boolean;
}

export function createEvaluationState(onClose: CoreContext['onClose']): EvaluationState {
  const st: EvaluationState = { running: new Map(), closed: false };
  onClose(() => void (st.closed = true));
  return st;
}

const stateOf = (ctx: CoreContext): EvaluationState => ctx.services.evaluation;

export function storedEvaluation(ctx: CoreContext, runId: number): RunEvaluation {
  if (!runsRepo(ctx.db).get(runId)) throw new StudioError('not_found', `No run #${runId}.`);
  if (stateOf(ctx).running.has(runId)) return { runId, status: 'running', subset: null, report: null, error: null, seconds: 0 };
  const row = runEvaluationsRepo(ctx.db).get(runId);
  if (!row) return { runId, status: 'none', subset: null, report: null, error: null, seconds: 0 };
  return {
    runId,
    status: row.status,
    subset: row.subset,
    report: row.status === 'completed' ? (row.report as unknown as EvaluationReport) : null,
    error: row.error,
    seconds: row.seconds,
  };
}

/** Evaluates a finished run on its snapshot's test split (or validation if it has none); one at a time per run. */
export function evaluateRun(ctx: CoreContext, runId: number, force = false): Promise<RunEvaluation> {
  const st = stateOf(ctx);
  const runs = st.running;
  const existing = runs.get(runId);
  if (existing) return existing;
  if (!force) {
    const stored = storedEvaluation(ctx, runId);
    if (stored.status === 'completed') return Promise.resolve(stored);
  }
  const host = ctx.services.models;
  const { run, spec } = runModelSpec(ctx, runId, host);
  if (run.snapshotId === null) throw new StudioError('conflict', `Run #${runId} lost its snapshot; evaluate it on a folder instead.`);
  const plan = snapshotPlan(ctx.db, ctx.dataDir, run.snapshotId);
  const oof = (run.params.decision as { policy?: string } | undefined)?.policy === 'cv' ? readOutOfFold(join(ctx.dataDir, 'runs', String(runId))) : null;
  const byId = new Map(plan.items.map((i) => [i.itemId, i]));
  // Every item trained a 'cv' run: it is judged on its out-of-fold predictions, stored as its 'train' evaluation.
  const subset = oof ? 'train' : plan.items.some((i) => i.subset === 'test') ? 'test' : 'val';
  const items: PlanItem[] = oof ? oof.items.flatMap((o) => (byId.has(o.itemId) ? [byId.get(o.itemId)!] : [])) : plan.items.filter((i) => i.subset === subset);
  if (items.length === 0) throw new StudioError('conflict', `Run #${runId}'s snapshot has no test or validation items to evaluate on.`);
  const t0 = Date.now();
  ctx.events.emit('evaluation.changed', { runId, status: 'running' });
  const job = (async (): Promise<RunEvaluation> => {
    // Yield first: a cross-validated run's evaluation needs no model and could otherwise finish
    // (and leave `running`) before `runs.set` below has registered it, staying "running" for ever.
    await Promise.resolve();
    try {
      const probsOf = oof
        ? new Map(oof.items.map((o) => [o.itemId, o.probs]))
        : await host.logits(spec, items, join(ctx.dataDir, 'cache', 'activations')).then(({ logits }) => new Map(items.map((it, i) => [it.itemId, softmax(logits[i]!)])));
      if (st.closed) throw new StudioError('cancelled', 'The studio closed during the evaluation.');
      const rows: PredictionRow[] = items.map((it) => {
        const probs = probsOf.get(it.itemId)!;
        let best = 0;
        probs.forEach((p, k) => (p > probs[best]! ? (best = k) : 0));
        return { itemId: it.itemId, subset, trueLabel: plan.labels[it.label]!, predictedLabel: plan.labels[best]!, confidence: probs[best]!, probs };
      });
      const report = evaluationReport(
        plan.labels,
        items.map((i) => i.label),
        rows.map((r) => plan.labels.indexOf(r.predictedLabel)),
      );
      Object.assign(report, oof ? { method: 'cross-validation', folds: oof.folds } : { method: 'held-out' });
      const seconds = (Date.now() - t0) / 1000;
      ctx.db.transaction(() => {
        runPredictionsRepo(ctx.db).replace(runId, rows);
        runEvaluationsRepo(ctx.db).put({ runId, subset, status: 'completed', accuracy: report.accuracy, report: report as unknown as Record<string, unknown>, error: null, seconds });
      })();
      return { runId, status: 'completed', subset, report, error: null, seconds };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!st.closed) runEvaluationsRepo(ctx.db).put({ runId, subset, status: 'failed', accuracy: null, report: {}, error: message, seconds: (Date.now() - t0) / 1000 });
      return { runId, status: 'failed', subset, report: null, error: message, seconds: (Date.now() - t0) / 1000 };
    } finally {
      runs.delete(runId);
      if (!st.closed) ctx.events.emit('evaluation.changed', { runId, status: storedEvaluation(ctx, runId).status });
    }
  })();
  runs.set(runId, job);
  return job;
}

/**
 * Every finished run gets evaluated without anyone asking: when a run completes, its evaluation
 * starts in the model process. Failures are stored on the evaluation, never thrown at the bus.
 */
export function autoEvaluate(ctx: CoreContext): void {
  const st = stateOf(ctx);
  const off = ctx.events.subscribe((event, payload) => {
    if (event !== 'runs.changed' || st.closed) return;
    const runId = (payload as { runId: number }).runId;
    // Deferred: runs.changed fires inside the supervisor's bookkeeping.
    setTimeout(() => {
      if (st.closed) return;
      try {
        const run = runsRepo(ctx.db).get(runId);
        if (run?.status !== 'completed' || runEvaluationsRepo(ctx.db).get(runId) || st.running.has(runId)) return;
        void evaluateRun(ctx, runId).catch(() => {});
      } catch {
        // An evaluation that cannot start (model missing) is reported when someone opens the run.
      }
    }, 0).unref?.();
  });
  ctx.onClose(off);
}
