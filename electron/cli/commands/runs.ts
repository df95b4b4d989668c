import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { printJson } from '../output';
import type { Core } from '../../core/core';

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

async function call<T>(core: Core, method: string, params: unknown): Promise<T> {
  const out = await core.service.call(method, params, { transport: 'websocket' });
  if (!out.ok) throw new CliError(out.error.message);
  return out.result as T;
}

interface Disk {
  totalBytes: number;
  runs: Array<{ runId: number; bytes: number; checkpoints: number; checkpointBytes: number }>;
}

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List training runs with status, backbone, mode, metrics, backend and disk used; `runs clean` deletes old runs\' epoch checkpoints.',
  usage: 'studio runs [clean] [--json]',
  async run(args, global) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
    const [sub, ...extra] = positionals;
    if (extra.length || (sub !== undefined && sub !== 'clean')) throw new CliError(`Unknown arguments: ${positionals.join(' ')} (try \`studio runs\` or \`studio runs clean\`).`);
    return withCore(global, async (core) => {
      if (sub === 'clean') {
        const r = await call<{ freedBytes: number; files: number; runs: number; skipped: number[] }>(core, 'runs.cleanCheckpoints', {});
        if (global.json) printJson(r);
        else
          process.stdout.write(
            `Freed ${mb(r.freedBytes)}: ${r.files} checkpoint file(s) of ${r.runs} run(s)${r.skipped.length ? `; left ${r.skipped.length} training run(s) alone` : ''}.\n`,
          );
        return 0;
      }
      const { runs } = await call<{ runs: Array<Record<string, unknown>> }>(core, 'runs.list', {});
      const disk = await call<Disk>(core, 'runs.diskUsage', {});
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
        const metrics = Object.entries((r.metrics as Record<string, number>) ?? {})
          .map(([k, v]) => `${k}=${Number(v).toFixed(4)}`)
          .join(' ');
        const d = bytes.get(r.id as number);
        process.stdout.write(`#${r.id}\t${r.status}\t${r.backboneId ?? '-'}\t${r.mode}\t${r.backend ?? '-'}\t${d ? mb(d.bytes) : '-'}\t${metrics}\n`);
      }
      process.stdout.write(`Disk used by runs: ${mb(disk.totalBytes)} (\`studio runs clean\` deletes old runs' epoch checkpoints).\n`);
      return 0;
    });
  },
};
