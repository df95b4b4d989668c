import type { Command } from 'commander';
import { CliError } from './command';
import { wholeNumber } from './flags';
import { queueUrlSchema } from '../../shared/api/methods/sweep';
import type { StudioApi } from '../../shared/api/client';

/** The coordinator's flags, shared by `studio sweep` and `studio serve`. */
export interface QueueFlags {
  queue?: string;
  token?: string;
  queueHost: string;
  queuePort: number;
  advertiseHost?: string;
}

export function queueOptions(cmd: Command): Command {
  return cmd
    .option('--queue <redis-url>', 'coordinate sweeps on this queue (redis://HOST:PORT): workers fetch data from this studio and report to it')
    .option('--token <token>', 'the token workers must present (default: made up and printed); or STUDIO_QUEUE_TOKEN')
    .option('--queue-host <host>', "where the workers' data server listens (0.0.0.0 for workers on other machines)", '127.0.0.1')
    .option('--queue-port <n>', 'its port (0: any free one)', wholeNumber('--queue-port', 0), 0)
    .option('--advertise-host <host>', 'the host name workers reach it by (default: --queue-host, or this host name for 0.0.0.0)');
}

/** Makes the core the queue's coordinator and tells the user how to start workers. */
export async function coordinateFromFlags(api: StudioApi, f: QueueFlags, log: (m: string) => void): Promise<void> {
  if (!f.queue) return;
  if (!queueUrlSchema.safeParse(f.queue).success) throw new CliError(`--queue must be a Redis URL like redis://HOST:PORT, got "${f.queue}".`);
  const token = f.token ?? process.env.STUDIO_QUEUE_TOKEN;
  const c = await api.call('sweep.coordinate', { queue: f.queue, host: f.queueHost, port: f.queuePort, ...(token ? { token } : {}), ...(f.advertiseHost ? { advertiseHost: f.advertiseHost } : {}) });
  log(`Coordinating sweeps on ${c.queue}; workers fetch data from ${c.url}.\nStart workers with: studio worker --queue ${c.queue} --token ${c.token}`);
}
