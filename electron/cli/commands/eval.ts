import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { info, printJson } from '../output';
import type { ResultOf } from '../../../shared/api/contract';

export function runIdFlag(v: string | undefined): number {
  if (v === undefined) throw new CliError('--run ID is required (see `studio runs`).');
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`--run must be a run id (a positive whole number), got "${v}".`);
  return n;
}

export const evalCommand: Command = {
  name: 'eval',
  summary: "Evaluate a finished run on a folder (class per subfolder), CSV or zip: accuracy, per-class figures, confusion matrix.",
  usage: 'studio eval --run ID PATH [--json]',
  async run(args, global) {
    const { values, positionals } = parseArgs({ args, options: { run: { type: 'string' } }, allowPositionals: true });
    const runId = runIdFlag(values.run);
    if (positionals.length !== 1) throw new CliError('Give exactly one PATH to evaluate on (a folder with a subfolder per class, a .csv or a .zip).');
    return withCore(global, async (core) => {
      info(`evaluating run #${runId} on ${positionals[0]}…`);
      const out = await core.service.call('evaluation.path', { runId, path: positionals[0]! }, { transport: 'websocket' });
      if (!out.ok) throw new CliError(out.error.message);
      const r = out.result as ResultOf<'evaluation.path'>;
      for (const s of r.skipped) info(`skipped ${s.path}: ${s.reason}`);
      if (global.json) {
        printJson({ accuracy: r.accuracy, labels: r.labels, confusion: r.confusion, perClass: r.perClass });
        return 0;
      }
      const w = Math.max(8, ...r.labels.map((l) => l.length));
      const lines = [`accuracy ${(r.accuracy * 100).toFixed(2)} % on ${r.count} item(s)${r.skipped.length ? ` (${r.skipped.length} skipped)` : ''}`, ''];
      lines.push(`${'label'.padEnd(w)}  precision  recall  f1      support`);
      for (const l of r.labels) {
        const f = r.perClass[l]!;
        lines.push(`${l.padEnd(w)}  ${f.precision.toFixed(4).padEnd(9)}  ${f.recall.toFixed(4)}  ${f.f1.toFixed(4)}  ${f.support}`);
      }
      lines.push('', 'confusion (rows: true, columns: predicted)');
      lines.push(`${''.padEnd(w)}  ${r.labels.map((l) => l.slice(0, 6).padStart(6)).join(' ')}`);
      r.confusion.forEach((row, i) => lines.push(`${r.labels[i]!.padEnd(w)}  ${row.map((v) => String(v).padStart(6)).join(' ')}`));
      process.stdout.write(lines.join('\n') + '\n');
      return 0;
    });
  },
};
