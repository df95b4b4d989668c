import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes what an interrupted write leaves: `*.tmp` in a run's folder and, for a given training
 * process, its `*.<pid>.tmp` files in the activation cache. Returns the bytes freed. Never throws:
 * it runs while ending a run, perhaps on a full or failing disk.
 */
export function removeTempFiles(runDir: string, cache?: { dir: string; pid: number }): number {
  let freed = 0;
  const sweep = (dir: string, match: (name: string) => boolean) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) {
      if (!match(n)) continue;
      const p = join(dir, n);
      try {
        freed += statSync(p).size;
        rmSync(p, { force: true });
      } catch {
        // already gone
      }
    }
  };
  sweep(runDir, (n) => n.endsWith('.tmp'));
  if (cache) {
    const suffix = `.${cache.pid}.tmp`;
    let subs: string[] = [];
    try {
      subs = readdirSync(cache.dir);
    } catch {
      subs = [];
    }
    for (const s of subs) sweep(join(cache.dir, s), (n) => n.endsWith(suffix));
  }
  return freed;
}
