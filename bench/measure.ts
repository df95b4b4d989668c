import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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

/** Where generated random-weight checkpoints live (never committed): STUDIO_BENCH_CACHE, else ~/.cache. */
export function benchCacheDir(): string {
  return process.env.STUDIO_BENCH_CACHE ?? join(homedir(), '.cache', 'transfer-studio', 'bench');
}

/** Runs a reference script and parses the JSON on its last stdout line. */
export function pythonJson<T>(args: string[]): T {
  const line = execFileSync(PY, args, { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as T;
}

/** Memory around a load, in MB: RSS before and after, and the process's peak so far. */
export async function measureLoad<T>(load: () => Promise<T>): Promise<{ value: T; loadMs: number; rssBeforeMB: number; rssAfterLoadMB: number; peakAfterLoadMB: number }> {
  const mb = (bytes: number) => bytes / 2 ** 20;
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const value = await load();
  const loadMs = performance.now() - t0;
  return { value, loadMs, rssBeforeMB: mb(rssBefore), rssAfterLoadMB: mb(process.memoryUsage().rss), peakAfterLoadMB: mb(process.resourceUsage().maxRSS * 1024) };
}
