import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { followRun } from '../follow-run';
import type { RunSummary } from '../../../shared/domain/run';

/** How long `studio resume` waits for a dead owner's training process to finish stopping (it ends itself within a second). */
const STOPPING_WAIT_MS = 5000;

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Continue an interrupted (or failed, or cancelled) run from its last checkpoint, in this process; refused while another studio process trains it.',
  usage: 'studio resume RUN [--json]',
  async run(args, global) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
    if (positionals.length !== 1) throw new CliError('Give one run id: studio resume RUN (see `studio runs`).');
    const runId = Number(positionals[0]);
    if (!Number.isInteger(runId) || runId <= 0) throw new CliError(`RUN must be a run id (a whole number), got "${positionals[0]}".`);
    // Opening the core marks this folder's runs whose owner is gone as interrupted (the lease check).
    return withCore(global, async (core) => {
      const deadline = Date.now() + STOPPING_WAIT_MS;
      for (;;) {
        const out = await core.service.call('training.resume', { runId }, { transport: 'websocket' });
        if (out.ok) return followRun(core, out.result as RunSummary, global.json);
        // A dead owner's process that is still stopping: wait for it (briefly) rather than make the user retry.
        if (out.error.code === 'conflict' && /still stopping/.test(out.error.message) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        throw new CliError(out.error.message);
      }
    });
  },
};
