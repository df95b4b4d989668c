import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { followRun } from '../follow-run';
import { wholeNumber } from '../flags';
import { schemaOption } from '../zod-options';
import { trainModes, type TrainMode } from '../../../shared/domain/run';
import { trainingMethods } from '../../../shared/api/methods/training';
import type { ParamsOf } from '../../../shared/api/contract';

const params = trainingMethods['training.start'].params.shape;

interface TrainFlags {
  dataset: number;
  backbone: string;
  mode: TrainMode;
  epochs?: number;
  seed?: number;
  keepCheckpoints?: number;
  options?: string;
}

function parseOptions(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let options: unknown;
  try {
    options = JSON.parse(text);
  } catch {
    throw new CliError(`--options must be a JSON object, got "${text}".`);
  }
  if (!options || typeof options !== 'object' || Array.isArray(options)) throw new CliError('--options must be a JSON object.');
  return options as Record<string, unknown>;
}

export const trainCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('train')
    .description('Train a classifier on a dataset with a backbone (probe, finetune or full), in its own process.')
    .requiredOption('--dataset <id>', 'the dataset (see `studio import`)', wholeNumber('--dataset', 1))
    .requiredOption('--backbone <id>', 'the backbone (see `studio backbones list`)')
    .addOption(schemaOption('--mode <mode>', 'what trains', params.mode, (v) => `--mode must be one of ${trainModes.join(', ')}, got "${v}".`).default('probe'))
    .option('--epochs <n>', 'epochs', wholeNumber('--epochs', 0))
    .option('--seed <s>', 'random seed (the same seed and data give the same run)', wholeNumber('--seed', 0))
    .option('--keep-checkpoints <n>', 'epoch checkpoints to keep', wholeNumber('--keep-checkpoints', 0))
    .option('--options <json>', 'any training option as a JSON object, validated like the app\'s form')
    .action(
      run.action(async (o: TrainFlags) => {
        const global = globalsOf(cmd);
        const options = parseOptions(o.options);
        if (o.keepCheckpoints !== undefined) options.keepCheckpoints = o.keepCheckpoints;
        if (o.epochs !== undefined) options.epochs = o.epochs;
        if (o.seed !== undefined) options.seed = o.seed;
        return withClient(global, async (api) => {
          const started = await api.call('training.start', { datasetId: o.dataset, backboneId: o.backbone, mode: o.mode, options: options as ParamsOf<'training.start'>['options'] });
          return followRun(api, started, global.json);
        });
      }),
    );
};
