import type { CliCommand } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { info, printJson } from '../output';
import { runIdArg } from '../flags';

export const evalCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('eval')
    .description('Evaluate a finished run on a folder (class per subfolder), CSV or zip: accuracy, per-class figures, confusion matrix.')
    .argument('<PATH>', 'a folder with a subfolder per class, a .csv or a .zip')
    .requiredOption('--run <id>', 'the run to evaluate (see `studio runs`)', runIdArg)
    .action(
      run.action(async (path: string, o: { run: number }) => {
        const global = globalsOf(cmd);
        return withClient(global, async (api) => {
          info(`evaluating run #${o.run} on ${path}…`);
          const r = await api.call('evaluation.path', { runId: o.run, path });
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
      }),
    );
};
