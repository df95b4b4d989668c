import { rmSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import { artifactsRepo } from '../store/repos/artifacts';
import { runsRepo } from '../store/repos/runs';
import { runDir, runDiskUsage } from '../training/retention';

/** Inside the data dir: a row naming a path elsewhere (a moved data dir, a bad import) is never deleted from disk. */
function insideDataDir(ctx: CoreContext, path: string): string | null {
  const abs = resolve(ctx.dataDir, path);
  const rel = relative(ctx.dataDir, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? abs : null;
}

/**
 * Deletes a run: its row (metrics, evaluation, predictions and artifact rows cascade) and then its files
 * (checkpoints, model). The row goes first: a crash in between leaves files nothing names, which
 * `runs cleanCheckpoints`-style sweeps can reclaim, never a run pointing at missing files. Exports the
 * user wrote stay: they are the user's files now.
 * `busy` says whether any process trains the run right now (here or in another face); such a run is refused.
 */
export function deleteRun(ctx: CoreContext, runId: number, busy: boolean): { deleted: true; freedBytes: number } {
  const runs = runsRepo(ctx.db);
  const run = runs.get(runId);
  if (!run) throw new StudioError('not_found', `No run ${runId}.`);
  if (busy || run.status === 'running' || run.status === 'paused' || run.status === 'queued') {
    throw new StudioError('conflict', `Run #${runId} is ${run.status === 'queued' ? 'waiting to train' : 'training'}: cancel it first, then delete it.`);
  }
  const usage = runDiskUsage(ctx, runId);
  const files = artifactsRepo(ctx.db)
    .listForRun(runId)
    .map((a) => insideDataDir(ctx, a.path))
    .filter((p): p is string => p !== null);
  runs.remove(runId);
  for (const f of files) rmSync(f, { force: true });
  rmSync(runDir(ctx, runId), { recursive: true, force: true });
  return { deleted: true, freedBytes: usage.bytes };
}
