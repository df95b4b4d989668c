import type { StudioApi } from './client';
import type { RunStatus, RunSummary } from '../domain/run';

const ended: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

/**
 * The run once its training process has ended, whatever the transport: checked now and on every
 * runs.changed for it (the core announces a process's exit after dropping it from training.active).
 * How the CLI and the tests wait for a run, instead of sleeping or reaching into the core.
 */
export function waitForRunEnd(api: Pick<StudioApi, 'call' | 'on'>, runId: number): Promise<RunSummary> {
  return new Promise((resolve, reject) => {
    let checking = false;
    let again = false;
    let settled = false;
    const check = async () => {
      if (checking) return void (again = true);
      checking = true;
      try {
        do {
          again = false;
          const { runs: active } = await api.call('training.active', {});
          if (active.some((r) => r.runId === runId)) continue;
          const run = (await api.call('runs.list', {})).runs.find((r) => r.id === runId);
          if (!run) throw new Error(`run #${runId} is not in the store.`);
          if (ended.has(run.status)) {
            settled = true;
            off();
            resolve(run);
            return;
          }
        } while (again && !settled);
      } catch (err) {
        settled = true;
        off();
        reject(err instanceof Error ? err : new Error(String(err)));
      } finally {
        checking = false;
      }
    };
    const off = api.on('runs.changed', (p) => {
      if (p.runId === runId && !settled) void check();
    });
    void check();
  });
}
