import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreContext } from '../context';
import { artifactsRepo, type ArtifactRow } from '../store/repos/artifacts';

const EPOCH_FILE = /(?:^|[\\/])epoch-(\d+)\.ckpt$/;

/** The epoch an epoch checkpoint's path names; null for model.ckpt and anything else. */
export function checkpointEpoch(path: string): number | null {
  const m = EPOCH_FILE.exec(path);
  return m ? Number(m[1]) : null;
}

export function runDir(ctx: CoreContext, runId: number): string {
  return join(ctx.dataDir, 'runs', String(runId));
}

function unlinkAll(paths: string[]): void {
  for (const p of paths) rmSync(p, { force: true });
}

export interface Pruned {
  files: number;
  freedBytes: number;
}

/**
 * Checkpoint retention while a run trains: keeps the newest `keep` epoch checkpoints and the best
 * epoch's (0 keeps all), deletes the others' rows and then their files. Files in the run's folder that
 * no row names and that are older than `upToEpoch` (left by a process killed before its report was
 * recorded) go too; newer ones are left, as the training process may be writing them now. Rows go first,
 * in one transaction: a crash between leaves files nothing names, never a row naming a missing file.
 */
export function pruneCheckpoints(ctx: CoreContext, runId: number, opts: { keep: number; bestEpoch?: number; upToEpoch: number }): Pruned {
  const artifacts = artifactsRepo(ctx.db);
  const drop = ctx.db.transaction(() => {
    const rows = artifacts.listForRun(runId, 'checkpoint').filter((a) => checkpointEpoch(a.path) !== null);
    if (opts.keep === 0) return { gone: [] as ArtifactRow[], rows };
    const byEpoch = [...rows].sort((a, b) => checkpointEpoch(b.path)! - checkpointEpoch(a.path)!);
    const kept = new Set(byEpoch.slice(0, opts.keep).map((a) => a.id));
    for (const a of rows) if (checkpointEpoch(a.path) === opts.bestEpoch) kept.add(a.id);
    const gone = rows.filter((a) => !kept.has(a.id));
    for (const a of gone) artifacts.remove(a.id);
    return { gone, rows };
  })();
  const named = new Set(drop.rows.map((a) => join(ctx.dataDir, a.path)));
  const paths = drop.gone.map((a) => join(ctx.dataDir, a.path));
  const freed = drop.gone.reduce((s, a) => s + a.bytes, 0);
  const strays = strayCheckpoints(runDir(ctx, runId), named).filter((s) => s.epoch < opts.upToEpoch);
  unlinkAll([...paths, ...strays.map((s) => s.path)]);
  return { files: paths.length + strays.length, freedBytes: freed + strays.reduce((s, x) => s + x.bytes, 0) };
}

/** Epoch checkpoint files in a run's folder that no artifact row names. */
function strayCheckpoints(dir: string, named: Set<string>): Array<{ path: string; epoch: number; bytes: number }> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Array<{ path: string; epoch: number; bytes: number }> = [];
  for (const n of names) {
    const epoch = checkpointEpoch(n);
    const path = join(dir, n);
    if (epoch === null || named.has(path)) continue;
    try {
      out.push({ path, epoch, bytes: statSync(path).size });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * "Clean old runs' checkpoints": for a run that no process trains, a completed one keeps none
 * (model.ckpt is its model), any other keeps only its last (what resume continues from). Stray files
 * go too. The caller has made sure no process trains the run.
 */
export function cleanRunCheckpoints(ctx: CoreContext, runId: number, completed: boolean): Pruned {
  const artifacts = artifactsRepo(ctx.db);
  const gone = ctx.db.transaction(() => {
    const rows = artifacts.listForRun(runId, 'checkpoint').filter((a) => checkpointEpoch(a.path) !== null);
    const last = rows.reduce<ArtifactRow | null>((b, a) => (!b || checkpointEpoch(a.path)! > checkpointEpoch(b.path)! ? a : b), null);
    const drop = rows.filter((a) => completed || a.id !== last?.id);
    for (const a of drop) artifacts.remove(a.id);
    return { drop, keep: rows.filter((a) => !drop.includes(a)) };
  })();
  const strays = strayCheckpoints(runDir(ctx, runId), new Set(gone.keep.map((a) => join(ctx.dataDir, a.path))));
  // Files of the dropped rows are "strays" now too; count each once.
  const paths = new Set([...gone.drop.map((a) => join(ctx.dataDir, a.path)), ...strays.map((s) => s.path)]);
  let freed = 0;
  for (const p of paths) {
    try {
      freed += statSync(p).size;
    } catch {
      // already gone
    }
  }
  unlinkAll([...paths]);
  return { files: paths.size, freedBytes: freed };
}

/** Bytes a run's folder holds on disk (checkpoints, model, predictions), and its epoch checkpoints. */
export function runDiskUsage(ctx: CoreContext, runId: number): { bytes: number; checkpoints: number; checkpointBytes: number } {
  const dir = runDir(ctx, runId);
  let bytes = 0;
  let checkpoints = 0;
  let checkpointBytes = 0;
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      try {
        const st = statSync(p);
        if (st.isDirectory()) walk(p);
        else {
          bytes += st.size;
          if (checkpointEpoch(n) !== null) {
            checkpoints++;
            checkpointBytes += st.size;
          }
        }
      } catch {
        // gone meanwhile
      }
    }
  };
  walk(dir);
  return { bytes, checkpoints, checkpointBytes };
}
