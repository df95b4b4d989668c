import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { collect, wholeNumber } from '../flags';
import { trainModes, type TrainMode } from '../../../shared/domain/run';
import type { Sweep } from '../../../shared/api/methods/sweep';
import { coordinateFromFlags, queueOptions, type QueueFlags } from '../queue-flags';
import type { StudioApi } from '../../../shared/api/client';

interface SweepFlags extends QueueFlags {
  dataset: number;
  backbone: string[];
  mode?: string[];
  seeds: number;
  epochs?: number;
  seed?: number;
}

const ended = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

/** Resolves with the sweep once every run has ended; one stderr line per run as it ends. */
function waitForSweep(api: StudioApi, sweepId: number): Promise<Sweep> {
  return new Promise<Sweep>((resolve, reject) => {
    const told = new Set<number>();
    let busy = false;
    let again = false;
    const check = async (): Promise<void> => {
      if (busy) return void (again = true);
      busy = true;
      try {
        const s = await api.call('sweep.get', { sweepId });
        for (const r of s.runs)
          if (ended.has(r.status) && !told.has(r.runId)) {
            told.add(r.runId);
            const acc = r.metrics.testAccuracy ?? r.metrics.valAccuracy ?? r.metrics.cvAccuracy;
            process.stderr.write(`run #${r.runId} ${r.backbone} ${r.mode} seed ${r.seed} on ${r.worker ?? '?'}: ${r.status}${acc !== undefined ? `, accuracy ${(acc * 100).toFixed(1)} %` : ''}${r.reason && r.status !== 'completed' ? ` (${r.reason})` : ''}\n`);
          }
        if (s.done) {
          off();
          resolve(s);
        }
      } catch (err) {
        off();
        reject(err instanceof Error ? err : new Error(String(err)));
      } finally {
        busy = false;
        if (again) {
          again = false;
          void check();
        }
      }
    };
    const off = api.on('sweep.changed', (p) => {
      if (p.sweepId === sweepId) void check();
    });
    void check();
  });
}

export const sweepCommand: CliCommand = (program, run) => {
  const cmd = program.command('sweep');
  queueOptions(cmd)
    .description('Train every backbone × mode × seed on one snapshot of a dataset: here one run at a time, or fanned out to `studio worker`s on a queue.')
    .requiredOption('--dataset <id>', 'the dataset', wholeNumber('--dataset', 1))
    .requiredOption('--backbone <id>', 'a backbone (repeat for several)', collect)
    .option('--mode <mode>', `what trains: ${trainModes.join(', ')} (repeat for several; default probe)`, collect)
    .option('--seeds <n>', 'seeds per backbone and mode (seed, seed+1, …)', wholeNumber('--seeds', 1), 1)
    .option('--epochs <n>', 'epochs', wholeNumber('--epochs', 1))
    .option('--seed <s>', 'first seed', wholeNumber('--seed', 0))
    .action(
      run.action(async (o: SweepFlags) => {
        const global = globalsOf(cmd);
        const modes = (o.mode ?? ['probe']).map((m) => {
          if (!(trainModes as readonly string[]).includes(m)) throw new CliError(`--mode must be one of ${trainModes.join(', ')}, got "${m}".`);
          return m as TrainMode;
        });
        const options: Record<string, number> = {};
        if (o.epochs !== undefined) options.epochs = o.epochs;
        if (o.seed !== undefined) options.seed = o.seed;
        return withClient(global, async (api) => {
          // With --queue this command is the coordinator until the sweep ends.
          await coordinateFromFlags(api, o, (m) => process.stderr.write(m + '\n'));
          const created = await api.call('sweep.create', { datasetId: o.dataset, backboneIds: o.backbone, modes, seeds: o.seeds, options, ...(o.queue ? { queue: o.queue } : {}) });
          process.stderr.write(`sweep #${created.sweepId}: ${created.runs.length} runs${o.queue ? ` on ${o.queue}` : ', one at a time here'}\n`);
          const s = await waitForSweep(api, created.sweepId);
          const runs = s.runs.map((r) => ({ runId: r.runId, backbone: r.backbone, mode: r.mode, seed: r.seed, status: r.status, metrics: r.metrics, worker: r.worker, backend: r.backend, ...(r.reason ? { reason: r.reason } : {}) }));
          if (global.json) process.stdout.write(JSON.stringify({ sweepId: s.sweepId, runs }) + '\n');
          else for (const r of runs) process.stdout.write(`#${r.runId}\t${r.backbone}\t${r.mode}\tseed ${r.seed}\t${r.status}\t${r.worker ?? '-'}\n`);
          return s.runs.every((r) => r.status === 'completed') ? 0 : 1;
        });
      }),
    );
};
