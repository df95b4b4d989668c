import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { printJson } from '../output';

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

export const runsCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('runs')
    .description("List training runs with status, backbone, mode, metrics, backend and disk used; `runs clean` deletes old runs' epoch checkpoints.")
    .argument('[clean]', "`clean`: delete old runs' epoch checkpoints (runs.cleanCheckpoints)")
    .action(
      run.action(async (sub: string | undefined) => {
        const global = globalsOf(cmd);
        if (sub !== undefined && sub !== 'clean') throw new CliError(`Unknown arguments: ${[sub, ...cmd.args.slice(1)].join(' ')} (try \`studio runs\` or \`studio runs clean\`).`);
        return withClient(global, async (api) => {
          if (sub === 'clean') {
            const r = await api.call('runs.cleanCheckpoints', {});
            if (global.json) printJson(r);
            else
              process.stdout.write(
                `Freed ${mb(r.freedBytes)}: ${r.files} checkpoint file(s) of ${r.runs} run(s)${r.skipped.length ? `; left ${r.skipped.length} training run(s) alone` : ''}.\n`,
              );
            return 0;
          }
          const { runs } = await api.call('runs.list', {});
          const disk = await api.call('runs.diskUsage', {});
          if (global.json) {
            printJson({ runs, disk });
            return 0;
          }
          if (runs.length === 0) {
            process.stdout.write('No runs yet. Train one with `studio train --dataset ID --backbone ID`.\n');
            return 0;
          }
          const bytes = new Map(disk.runs.map((d) => [d.runId, d]));
          for (const r of runs) {
            const metrics = Object.entries(r.metrics ?? {})
              .map(([k, v]) => `${k}=${Number(v).toFixed(4)}`)
              .join(' ');
            const d = bytes.get(r.id);
            process.stdout.write(`#${r.id}\t${r.status}\t${r.backboneId ?? '-'}\t${r.mode}\t${r.backend ?? '-'}\t${d ? mb(d.bytes) : '-'}\t${metrics}\n`);
          }
          process.stdout.write(`Disk used by runs: ${mb(disk.totalBytes)} (\`studio runs clean\` deletes old runs' epoch checkpoints).\n`);
          return 0;
        });
      }),
    );
};
