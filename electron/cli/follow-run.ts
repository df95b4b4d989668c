import type { StudioApi } from '../../shared/api/client';
import type { RunSummary } from '../../shared/domain/run';
import { waitForRunEnd } from '../../shared/api/wait-run';
import { CliError } from './command';
import { printJson, progressBar, info } from './output';

/**
 * Shows a run this process trains (progress on stderr, Ctrl+C cancels), then prints its result as
 * `studio train` does. Shared by `studio train` and `studio resume`. Throws a one-line CliError
 * when the run did not complete.
 */
export async function followRun(api: StudioApi, run: RunSummary, json: boolean): Promise<number> {
  const bar = progressBar(`run #${run.id}`);
  let announced = false;
  const off = api.on('training.progress', (p) => {
    if (p.runId !== run.id) return;
    if (p.backend && !announced) {
      announced = true;
      info(`backend: ${p.backend.name}${p.backend.skipped.length ? ` (skipped ${p.backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})` : ''}`);
      if (p.backend.warning) info(`warning: ${p.backend.warning}`);
    }
    if (p.phase === 'features') bar.update(p.cache.hits + p.cache.computed, p.cache.total, `features (cached ${p.cache.hits})`);
    else if (p.phase === 'training' && p.totalSteps > 0)
      bar.update(p.step, p.totalSteps, `epoch ${p.epoch}/${p.epochs}${p.etaSeconds !== null ? ` eta ${Math.ceil(p.etaSeconds)}s` : ''}`);
  });
  const stop = () => void api.call('training.cancel', { runId: run.id }).catch(() => {});
  process.once('SIGINT', stop);
  let done: RunSummary;
  try {
    done = await waitForRunEnd(api, run.id);
  } finally {
    process.off('SIGINT', stop);
    off();
    bar.done();
  }
  // What the run decided and why, in the words the app shows (policy, regularisation, probe vs finetune, the estimate).
  const decision = (done.params.decision ?? {}) as Record<string, unknown>;
  for (const k of ['policyReason', 'cReason', 'keptReason'] as const) if (typeof decision[k] === 'string') info(String(decision[k]));
  if (typeof decision.estimateText === 'string') info(`expected accuracy: ${decision.estimateText}`);
  if (json) printJson({ runId: done.id, status: done.status, metrics: done.metrics, backend: done.backend });
  else {
    const m = Object.entries(done.metrics)
      .map(([k, v]) => `${k}=${Number(v).toFixed(4)}`)
      .join(' ');
    process.stdout.write(`run #${done.id} ${done.status} on ${done.backend ?? '?'}: ${m}\n`);
  }
  if (done.status !== 'completed') throw new CliError(`run #${done.id} ${done.status}${done.error ? `: ${done.error.split('\n')[0]}` : ''}`);
  return 0;
}
