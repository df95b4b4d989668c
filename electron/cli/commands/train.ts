import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { printJson, progressBar, info } from '../output';
import { supervisorFor } from '../../core/training/registry';
import { trainModes, type RunSummary, type TrainMode } from '../../../shared/domain/run';
import type { PayloadOf } from '../../../shared/api/contract';

function intFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} must be a whole number, got "${v}".`);
  return n;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a classifier on a dataset with a backbone (probe, finetune or full), in its own process.',
  usage: 'studio train --dataset ID --backbone ID [--mode probe|finetune|full] [--epochs N] [--seed S] [--json]',
  async run(args, global) {
    const { values } = parseArgs({
      args,
      options: { dataset: { type: 'string' }, backbone: { type: 'string' }, mode: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' } },
    });
    const datasetId = intFlag('dataset', values.dataset);
    if (!datasetId) throw new CliError('--dataset ID is required (see `studio import`).');
    if (!values.backbone) throw new CliError('--backbone ID is required (see `studio backbones list`).');
    const mode = (values.mode ?? 'probe') as TrainMode;
    if (!trainModes.includes(mode)) throw new CliError(`--mode must be one of ${trainModes.join(', ')}, got "${values.mode}".`);
    const options: Record<string, number> = {};
    const epochs = intFlag('epochs', values.epochs);
    const seed = intFlag('seed', values.seed);
    if (epochs !== undefined) options.epochs = epochs;
    if (seed !== undefined) options.seed = seed;

    return withCore(global, async (core) => {
      const started = await core.service.call('training.start', { datasetId, backboneId: values.backbone, mode, options }, { transport: 'websocket' });
      if (!started.ok) throw new CliError(started.error.message + (started.error.issues ? ` (${started.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''));
      const run = started.result as RunSummary;
      const bar = progressBar(`run #${run.id}`);
      let announced = false;
      const off = core.ctx.events.subscribe((event, payload) => {
        if (event !== 'training.progress') return;
        const p = payload as PayloadOf<'training.progress'>;
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
      const stop = () => void core.service.call('training.cancel', { runId: run.id }, { transport: 'websocket' });
      process.once('SIGINT', stop);
      const done = await supervisorFor(core.ctx).finished(run.id);
      process.off('SIGINT', stop);
      off();
      bar.done();
      // What the run decided and why, in the words the app shows (policy, regularisation, probe vs finetune, the estimate).
      const decision = (done.params.decision ?? {}) as Record<string, unknown>;
      for (const k of ['policyReason', 'cReason', 'keptReason'] as const) if (typeof decision[k] === 'string') info(String(decision[k]));
      if (typeof decision.estimateText === 'string') info(`expected accuracy: ${decision.estimateText}`);
      if (global.json) printJson({ runId: done.id, status: done.status, metrics: done.metrics, backend: done.backend });
      else {
        const m = Object.entries(done.metrics).map(([k, v]) => `${k}=${Number(v).toFixed(4)}`).join(' ');
        process.stdout.write(`run #${done.id} ${done.status} on ${done.backend ?? '?'}: ${m}\n`);
      }
      if (done.status !== 'completed') throw new CliError(`run #${done.id} ${done.status}${done.error ? `: ${done.error}` : ''}`);
      return 0;
    });
  },
};
