import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { info, printJson, progressBar } from '../output';
import type { PayloadOf } from '../../../shared/api/contract';
import type { ImportSummary } from '../../../shared/domain/dataset';

type Progress = PayloadOf<'datasets.import.progress'>;

export const importCommand: Command = {
  name: 'import',
  summary: 'Import a folder (class per subfolder), a CSV (path,label or text,label) or a zip as a new dataset.',
  usage: 'studio import PATH [--name NAME] [--json]',
  async run(args, global) {
    const { values, positionals } = parseArgs({ args, options: { name: { type: 'string' } }, allowPositionals: true });
    if (positionals.length !== 1) throw new CliError('Give exactly one PATH to import (a folder, a .csv or a .zip).');
    const path = positionals[0]!;
    return withCore(global, async (core) => {
      const bar = progressBar('import');
      // Events can arrive before the start call returns the job id; they wait in `early`.
      const job: { id?: string } = {};
      const early: Array<{ event: string; payload: unknown }> = [];
      let finish!: (s: ImportSummary) => void;
      const finished = new Promise<ImportSummary>((r) => (finish = r));
      const onEvent = (event: string, payload: unknown) => {
        if (event === 'datasets.import.progress') {
          const p = payload as Progress;
          if (p.jobId === job.id && p.phase === 'importing') bar.update(p.done, p.total, `${p.rate.toFixed(0)}/s`);
        } else if (event === 'datasets.import.finished' && (payload as ImportSummary).jobId === job.id) finish(payload as ImportSummary);
      };
      const unsubscribe = core.ctx.events.subscribe((event, payload) => (job.id ? onEvent(event, payload) : early.push({ event, payload })));
      const started = await core.service.call('datasets.import.start', { path, ...(values.name ? { name: values.name } : {}) }, { transport: 'websocket' });
      if (!started.ok) throw new CliError(started.error.message);
      job.id = (started.result as { jobId: string }).jobId;
      for (const e of early) onEvent(e.event, e.payload);
      // Ctrl+C stops the import cleanly: what was imported stays, consistent.
      const cancel = () => void core.service.call('datasets.import.cancel', { jobId: job.id! }, { transport: 'websocket' });
      process.once('SIGINT', cancel);
      const summary = await finished;
      process.off('SIGINT', cancel);
      unsubscribe();
      bar.done();
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
  },
};
