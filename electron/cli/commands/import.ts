import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { info, printJson, progressBar } from '../output';
import type { PayloadOf } from '../../../shared/api/contract';

type Summary = PayloadOf<'datasets.import.finished'>;

export const importCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('import')
    .description('Import a folder (class per subfolder), a CSV (path,label or text,label) or a zip as a new dataset.')
    .argument('<PATH>', 'a folder, a .csv or a .zip')
    .option('--name <name>', 'the dataset\'s name (else the folder or file name)')
    .action(
      run.action(async (path: string, o: { name?: string }) => {
        const global = globalsOf(cmd);
        return withClient(global, async (api) => {
          const bar = progressBar('import');
          // Events can arrive before the start call returns the job id; they wait in `early`.
          const job: { id?: string } = {};
          const early: Array<() => void> = [];
          let finish!: (s: Summary) => void;
          const finished = new Promise<Summary>((r) => (finish = r));
          const offProgress = api.on('datasets.import.progress', (p) => {
            if (!job.id) return void early.push(() => onProgress(p));
            onProgress(p);
          });
          const onProgress = (p: PayloadOf<'datasets.import.progress'>) => {
            if (p.jobId === job.id && p.phase === 'importing') bar.update(p.done, p.total, `${p.rate.toFixed(0)}/s`);
          };
          const onFinished = (s: Summary) => {
            if (s.jobId === job.id) finish(s);
          };
          const offFinished = api.on('datasets.import.finished', (s) => {
            if (!job.id) return void early.push(() => onFinished(s));
            onFinished(s);
          });
          let summary: Summary;
          try {
            job.id = (await api.call('datasets.import.start', { path, ...(o.name ? { name: o.name } : {}) })).jobId;
            for (const e of early) e();
            // Ctrl+C stops the import cleanly: what was imported stays, consistent.
            const cancel = () => void api.call('datasets.import.cancel', { jobId: job.id! }).catch(() => {});
            process.once('SIGINT', cancel);
            summary = await finished;
            process.off('SIGINT', cancel);
          } finally {
            offProgress();
            offFinished();
            bar.done();
          }
          if (summary.status === 'failed') throw new CliError(`Import failed: ${summary.error ?? 'unknown error'}`);
          if (global.json) {
            // `conflicts` only when there are some: the documented keys stay exactly as they were otherwise.
            const conflicts = summary.conflicts.length ? { conflicts: summary.conflicts } : {};
            printJson({ datasetId: summary.datasetId, items: summary.items, classes: summary.classes, skipped: summary.skipped, duplicates: summary.duplicates, ...conflicts });
          } else {
            const classes = Object.entries(summary.classes);
            process.stdout.write(
              `Dataset #${summary.datasetId}: ${summary.items} item${summary.items === 1 ? '' : 's'} imported in ${summary.seconds.toFixed(1)} s` +
                `${summary.status === 'cancelled' ? ' (cancelled: what was imported is kept)' : ''}.\n` +
                (classes.length ? `Classes: ${classes.map(([k, v]) => `${k} (${v})`).join(', ')}\n` : 'No classes (all items unlabeled).\n') +
                (summary.duplicates ? `Duplicates (same bytes, kept once): ${summary.duplicates}\n` : ''),
            );
            if (summary.conflicts.length) {
              process.stdout.write(`Conflicts (same image under different classes) ${summary.conflicts.length}:\n`);
              for (const c of summary.conflicts) process.stdout.write(`  ${c.paths.join(', ')}: ${c.resolution}\n`);
            }
            if (summary.skipped.length) {
              process.stdout.write(`Skipped ${summary.skipped.length}:\n`);
              for (const s of summary.skipped) process.stdout.write(`  ${s.path}: ${s.reason}\n`);
            }
          }
          if (summary.status === 'cancelled') info('Import cancelled.');
          return summary.status === 'cancelled' ? 130 : 0;
        });
      }),
    );
};
