import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { info, printJson } from '../output';
import { runIdArg, wholeNumber } from '../flags';
import { readTextsJson } from '../texts-file';

const topArg = (v: string): number => {
  const n = wholeNumber('--top', 1, 'a whole number from 1 to 100')(v);
  if (n > 100) return wholeNumber('--top', 101, 'a whole number from 1 to 100')(v);
  return n;
};

/** A text the model read only the start of says so beside its prediction. */
const cutNote = (p: { truncated?: boolean; tokens?: number; maxTokens?: number }): string =>
  p.truncated ? `\ttruncated: the model read the first ${p.maxTokens} of its ${p.tokens} tokens` : '';

export const predictCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('predict')
    .description('Top classes of a finished run for image or .txt files, or texts (--texts T.json); --folder DIR --out FILE.csv predicts a whole folder to a CSV.')
    .usage('--run ID FILE... [--top K] [--json]  |  --run ID --texts T.json [--json]  |  --run ID --folder PATH [--out FILE.csv]')
    .argument('[FILE...]', 'image files (or .txt files, one text each) to predict')
    .requiredOption('--run <id>', 'the run whose model predicts (see `studio runs`)', runIdArg)
    .option('--top <k>', 'how many classes to list per file (1-100)', topArg)
    .option('--texts <file>', 'texts to predict: a JSON array of strings, or {"texts": [...]}')
    .option('--folder <path>', 'predict every image of a folder (or CSV, or zip) to a CSV')
    .option('--out <file>', 'with --folder: the CSV to write')
    .action(
      run.action(async (files: string[], o: { run: number; top?: number; folder?: string; out?: string; texts?: string }) => {
        const global = globalsOf(cmd);
        const top = o.top === undefined ? {} : { topK: o.top };
        if (o.texts !== undefined) {
          if (files.length || o.folder !== undefined) throw new CliError('Give either --texts T.json, FILE... or --folder PATH, not several.');
          const texts = readTextsJson(o.texts);
          return withClient(global, async (api) => {
            const predictions = [];
            // predict.upload takes 256 texts a call (one WebSocket frame in browser mode).
            for (let i = 0; i < texts.length; i += 256) predictions.push(...(await api.call('predict.upload', { runId: o.run, texts: texts.slice(i, i + 256), ...top })).predictions);
            if (global.json) printJson({ predictions });
            else for (const p of predictions) process.stdout.write(`${p.file}\t${p.label}\t${(p.score * 100).toFixed(1)} %${cutNote(p)}\n`);
            return 0;
          });
        }
        if (o.folder !== undefined) {
          if (files.length) throw new CliError('Give either FILE... or --folder PATH, not both.');
          return withClient(global, async (api) => {
            const r = await api.call('predict.folder', { runId: o.run, path: o.folder!, ...top, ...(o.out ? { out: o.out } : {}) });
            for (const s of r.skipped) info(`skipped ${s.path}: ${s.reason}`);
            if (global.json) printJson(r);
            else process.stdout.write(`${r.count} prediction(s) written to ${r.csvPath}\n`);
            return 0;
          });
        }
        if (files.length === 0) throw new CliError('Give one or more image FILEs to predict (or --folder PATH).');
        return withClient(global, async (api) => {
          const r = await api.call('predict.files', { runId: o.run, files, ...top });
          if (global.json) {
            printJson({ predictions: r.predictions });
            return 0;
          }
          for (const p of r.predictions) {
            process.stdout.write(`${p.file}\t${p.label}\t${(p.score * 100).toFixed(1)} %\t${p.top.slice(1).map((t) => `${t.label} ${(t.score * 100).toFixed(1)} %`).join(', ')}${cutNote(p)}\n`);
          }
          return 0;
        });
      }),
    );
};
