import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { info, printJson } from '../output';
import type { ResultOf } from '../../../shared/api/contract';
import { exportFormats, type ExportFormat } from '../../../shared/api/methods/export';
import { runIdFlag } from './eval';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a finished run: tfjs (TensorFlow.js model folder) or safetensors (PyTorch, hub layout), each with a model card.',
  usage: 'studio export --run ID --format tfjs|safetensors|onnx --out DIR [--json]',
  async run(args, global) {
    const { values, positionals } = parseArgs({ args, options: { run: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } }, allowPositionals: true });
    if (positionals.length) throw new CliError(`Unexpected argument "${positionals[0]}"; the output folder goes after --out.`);
    const runId = runIdFlag(values.run);
    const format = values.format as ExportFormat | undefined;
    if (!format || !exportFormats.includes(format)) throw new CliError(`--format must be one of ${exportFormats.join(', ')}${values.format ? `, got "${values.format}"` : ''}.`);
    if (!values.out) throw new CliError('--out DIR is required (the folder to write the export to).');
    return withCore(global, async (core) => {
      info(`exporting run #${runId} as ${format}…`);
      const out = await core.service.call('export.run', { runId, format, outDir: values.out! }, { transport: 'websocket' });
      if (!out.ok) throw new CliError(out.error.message);
      const r = out.result as ResultOf<'export.run'>;
      if (global.json) printJson(r);
      else {
        process.stdout.write(`Exported run #${runId} to ${r.outDir}: ${r.files.join(', ')}\n`);
        for (const n of r.notes) process.stdout.write(`${n}\n`);
      }
      return 0;
    });
  },
};
