import type { CliCommand } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { followRun } from '../follow-run';
import { wholeNumber } from '../flags';
import { StudioError } from '../../../shared/api/errors';

/** How long `studio resume` waits for a dead owner's training process to finish stopping (it ends itself within a second). */
const STOPPING_WAIT_MS = 5000;

export const resumeCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('resume')
    .description('Continue an interrupted (or failed, or cancelled) run from its last checkpoint, in this process; refused while another studio process trains it.')
    .argument('<RUN>', 'the run id (see `studio runs`)', wholeNumber('RUN', 1, 'a run id (a whole number)'))
    .action(
      run.action(async (runId: number) => {
        const global = globalsOf(cmd);
        // Opening the core marks this folder's runs whose owner is gone as interrupted (the lease check).
        return withClient(global, async (api) => {
          const deadline = Date.now() + STOPPING_WAIT_MS;
          for (;;) {
            try {
              return await followRun(api, await api.call('training.resume', { runId }), global.json);
            } catch (err) {
              // A dead owner's process that is still stopping: wait for it (briefly) rather than make the user retry.
              if (err instanceof StudioError && err.code === 'conflict' && /still stopping/.test(err.message) && Date.now() < deadline) {
                await new Promise((r) => setTimeout(r, 200));
                continue;
              }
              throw err;
            }
          }
        });
      }),
    );
};
