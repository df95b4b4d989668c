import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PY = '/usr/bin/python3';

/** Why the PyTorch reference can't run here, or null when it can (`modules` must import). */
export function pythonMissing(modules: string, hint: string): string | null {
  if (!existsSync(PY)) return `${PY} not found`;
  const r = spawnSync(PY, ['-c', `import ${modules}`], { encoding: 'utf8' });
  return r.status === 0 ? null : hint;
}

/** Items per second of `run` (one batch per call) over about `seconds`, after one warm-up call (kernel compilation, allocations). */
export function itemsPerSecond(run: () => void, batch: number, seconds: number): number {
  run();
  let items = 0;
  const start = performance.now();
  do {
    run();
    items += batch;
  } while (performance.now() - start < seconds * 1000);
  return items / ((performance.now() - start) / 1000);
}
