import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { withCore } from '../with-core';
import { printJson } from '../output';

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List training runs with status, backbone, mode, metrics and backend.',
  usage: 'studio runs [--json]',
  async run(args, global) {
    parseArgs({ args, options: {}, allowPositionals: false });
    return withCore(global, async (core) => {
      const out = await core.service.call('runs.list', {}, { transport: 'websocket' });
      if (!out.ok) throw new Error(out.error.message);
      const { runs } = out.result as { runs: Array<Record<string, unknown>> };
      if (global.json) {
        printJson({ runs });
        return 0;
      }
      if (runs.length === 0) {
        process.stdout.write('No runs yet. Train one with `studio train --dataset ID --backbone ID`.\n');
        return 0;
      }
      for (const r of runs) {
        const metrics = Object.entries((r.metrics as Record<string, number>) ?? {})
          .map(([k, v]) => `${k}=${Number(v).toFixed(4)}`)
          .join(' ');
        process.stdout.write(`#${r.id}\t${r.status}\t${r.backboneId ?? '-'}\t${r.mode}\t${r.backend ?? '-'}\t${metrics}\n`);
      }
      return 0;
    });
  },
};
