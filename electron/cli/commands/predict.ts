import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { info, printJson } from '../output';
import type { ResultOf } from '../../../shared/api/contract';
import { runIdFlag } from './eval';

export const predictCommand: Command = {
  name: 'predict',
  summary: 'Top classes of a finished run for image files; --folder DIR --out FILE.csv predicts a whole folder to a CSV.',
  usage: 'studio predict --run ID FILE... [--top K] [--json]  |  studio predict --run ID --folder PATH [--out FILE.csv]',
  async run(args, global) {
    const { values, positionals } = parseArgs({
      args,
      options: { run: { type: 'string' }, top: { type: 'string' }, folder: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
    });
    const runId = runIdFlag(values.run);
    const topK = values.top === undefined ? undefined : Number(values.top);
    if (topK !== undefined && (!Number.isInteger(topK) || topK < 1 || topK > 100)) throw new CliError(`--top must be a whole number from 1 to 100, got "${values.top}".`);
    const top = topK === undefined ? {} : { topK };
    if (values.folder !== undefined) {
      if (positionals.length) throw new CliError('Give either FILE... or --folder PATH, not both.');
      return withCore(global, async (core) => {
        const out = await core.service.call('predict.folder', { runId, path: values.folder!, ...top, ...(values.out ? { out: values.out } : {}) }, { transport: 'websocket' });
        if (!out.ok) throw new CliError(out.error.message);
        const r = out.result as ResultOf<'predict.folder'>;
        for (const s of r.skipped) info(`skipped ${s.path}: ${s.reason}`);
        if (global.json) printJson(r);
        else process.stdout.write(`${r.count} prediction(s) written to ${r.csvPath}\n`);
        return 0;
      });
    }
    if (positionals.length === 0) throw new CliError('Give one or more image FILEs to predict (or --folder PATH).');
    return withCore(global, async (core) => {
      const out = await core.service.call('predict.files', { runId, files: positionals, ...top }, { transport: 'websocket' });
      if (!out.ok) throw new CliError(out.error.message);
      const r = out.result as ResultOf<'predict.files'>;
      if (global.json) {
        printJson({ predictions: r.predictions });
        return 0;
      }
      for (const p of r.predictions) {
        process.stdout.write(`${p.file}\t${p.label}\t${(p.score * 100).toFixed(1)} %\t${p.top.slice(1).map((t) => `${t.label} ${(t.score * 100).toFixed(1)} %`).join(', ')}\n`);
      }
      return 0;
    });
  },
};
