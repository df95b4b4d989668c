import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { wholeNumber } from '../flags';
import { queueUrlSchema } from '../../../shared/api/methods/sweep';

interface WorkerFlags {
  queue: string;
  token?: string;
  concurrency: number;
  name?: string;
  lockMs: number;
}

export const workerCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('worker')
    .description('Take training jobs from a sweep queue, train them on this machine (its best backend) and report back, until stopped (Ctrl+C).')
    .requiredOption('--queue <redis-url>', 'the queue: redis://HOST:PORT')
    .option('--token <token>', "the coordinator's token (printed by `studio sweep --queue`); or STUDIO_QUEUE_TOKEN")
    .option('--concurrency <n>', 'runs trained at once on this machine', wholeNumber('--concurrency', 1), 1)
    .option('--name <name>', 'the name the coordinator shows for this worker (default: host-pid)')
    .option('--lock-ms <ms>', "how soon a job this worker held is retried elsewhere if it dies (BullMQ's lock)", wholeNumber('--lock-ms', 500), 30_000)
    .action(
      run.action(async (o: WorkerFlags) => {
        const global = globalsOf(cmd);
        if (!queueUrlSchema.safeParse(o.queue).success) throw new CliError(`--queue must be a Redis URL like redis://HOST:PORT, got "${o.queue}".`);
        const token = o.token ?? process.env.STUDIO_QUEUE_TOKEN;
        if (!token) throw new CliError('A worker needs the coordinator\'s token: --token T (or STUDIO_QUEUE_TOKEN).');
        if (token.length < 16) throw new CliError('--token is too short (the coordinator\'s tokens have at least 16 characters).');
        return withClient(global, async (api) => {
          const { name } = await api.call('sweep.work', { queue: o.queue, token, concurrency: o.concurrency, lockMs: o.lockMs, ...(o.name ? { name: o.name } : {}) });
          if (global.json) process.stdout.write(JSON.stringify({ worker: name, queue: o.queue }) + '\n');
          process.stderr.write(`worker ${name} on ${o.queue} (data folder ${global.dataDir}); Ctrl+C stops it.\n`);
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
          return 0;
        });
      }),
    );
};
