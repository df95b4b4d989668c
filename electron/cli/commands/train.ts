import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { followRun } from '../follow-run';
import { trainModes, type RunSummary, type TrainMode } from '../../../shared/domain/run';

function intFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} must be a whole number, got "${v}".`);
  return n;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a classifier on a dataset with a backbone (probe, finetune or full), in its own process.',
  usage: 'studio train --dataset ID --backbone ID [--mode probe|finetune|full] [--epochs N] [--seed S] [--keep-checkpoints N] [--options JSON] [--json]',
  async run(args, global) {
    const { values } = parseArgs({
      args,
      options: {
        dataset: { type: 'string' },
        backbone: { type: 'string' },
        mode: { type: 'string' },
        epochs: { type: 'string' },
        seed: { type: 'string' },
        'keep-checkpoints': { type: 'string' },
        options: { type: 'string' },
      },
    });
    const datasetId = intFlag('dataset', values.dataset);
    if (!datasetId) throw new CliError('--dataset ID is required (see `studio import`).');
    if (!values.backbone) throw new CliError('--backbone ID is required (see `studio backbones list`).');
    const mode = (values.mode ?? 'probe') as TrainMode;
    if (!trainModes.includes(mode)) throw new CliError(`--mode must be one of ${trainModes.join(', ')}, got "${values.mode}".`);
    // --options: any training option as JSON (validated by the API like the app's form), for scripts and tests.
    let options: Record<string, unknown> = {};
    if (values.options !== undefined) {
      try {
        options = JSON.parse(values.options) as Record<string, unknown>;
      } catch {
        throw new CliError(`--options must be a JSON object, got "${values.options}".`);
      }
      if (!options || typeof options !== 'object' || Array.isArray(options)) throw new CliError('--options must be a JSON object.');
    }
    const keep = intFlag('keep-checkpoints', values['keep-checkpoints']);
    if (keep !== undefined) options.keepCheckpoints = keep;
    const epochs = intFlag('epochs', values.epochs);
    const seed = intFlag('seed', values.seed);
    if (epochs !== undefined) options.epochs = epochs;
    if (seed !== undefined) options.seed = seed;

    return withCore(global, async (core) => {
      const started = await core.service.call('training.start', { datasetId, backboneId: values.backbone, mode, options }, { transport: 'websocket' });
      if (!started.ok) throw new CliError(started.error.message + (started.error.issues ? ` (${started.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''));
      return followRun(core, started.result as RunSummary, global.json);
    });
  },
};
