import type { CliCommand } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { info, printJson } from '../output';
import { runIdArg } from '../flags';
import { schemaOption } from '../zod-options';
import { exportMethods, type ExportFormat } from '../../../shared/api/methods/export';

const params = exportMethods['export.run'].params.shape;

export const exportCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('export')
    .description('Export a finished run: tfjs (TensorFlow.js model folder), safetensors (PyTorch, hub layout) or onnx, each with a model card.')
    .requiredOption('--run <id>', 'the run to export (see `studio runs`)', runIdArg)
    .addOption(schemaOption('--format <format>', 'what to write', params.format).makeOptionMandatory())
    .requiredOption('--out <dir>', 'the folder to write the export to')
    .action(
      run.action(async (o: { run: number; format: ExportFormat; out: string }) => {
        const global = globalsOf(cmd);
        return withClient(global, async (api) => {
          info(`exporting run #${o.run} as ${o.format}…`);
          const r = await api.call('export.run', { runId: o.run, format: o.format, outDir: o.out });
          if (global.json) printJson(r);
          else {
            process.stdout.write(`Exported run #${o.run} to ${r.outDir}: ${r.files.join(', ')}\n`);
            for (const n of r.notes) process.stdout.write(`${n}\n`);
          }
          return 0;
        });
      }),
    );
};
