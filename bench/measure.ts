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

const mb = (bytes: number) => bytes / 2 ** 20;

/** The process's peak RSS so far, in MB. */
export const peakRssMB = () => mb(process.resourceUsage().maxRSS * 1024);

/** Memory around a load, in MB: RSS before and after, and the process's peak so far. */
export async function measureLoad<T>(load: () => Promise<T>): Promise<{ value: T; loadMs: number; rssBeforeMB: number; rssAfterLoadMB: number; peakAfterLoadMB: number }> {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const value = await load();
  const loadMs = performance.now() - t0;
  return { value, loadMs, rssBeforeMB: mb(rssBefore), rssAfterLoadMB: mb(process.memoryUsage().rss), peakAfterLoadMB: peakRssMB() };
}

/** What a backbone bench worker reports besides its own figures: measureLoad's, and the peak with inference. */
export interface LoadFigures {
  backend: string;
  loadMs: number;
  rssBeforeMB: number;
  rssAfterLoadMB: number;
  peakAfterLoadMB: number;
  peakMB: number;
  itemsPerSec: number;
}

/** Runs a bench worker in a fresh process (so its peak RSS is its own); parses the JSON on its last stdout line. */
export function runWorker<T>(label: string, worker: string, args: string[]): T {
  const w = spawnSync(process.execPath, ['--import', 'tsx', worker, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: process.env });
  if (w.status !== 0) {
    const reason = w.stderr.split('\n').find((l) => /^\w*Error\b/.test(l)) ?? w.stderr.trim().split('\n').pop();
    throw new Error(`${label} worker failed: ${reason}`);
  }
  return JSON.parse(w.stdout.trim().split('\n').pop() ?? '{}') as T;
}

/** The printed load line: time, RSS, the peak during load against the checkpoint's size, the peak with inference. */
export function loadLine(steps: string, r: LoadFigures, fileMB: number): string {
  const f = (n: number, d = 0) => n.toFixed(d);
  const grew = r.peakAfterLoadMB - r.rssBeforeMB;
  return (
    `  load (loadBackbone: ${steps}): ${f(r.loadMs / 1000, 2)} s; RSS ${f(r.rssBeforeMB)} → ${f(r.rssAfterLoadMB)} MB, ` +
    `peak during load ${f(r.peakAfterLoadMB)} MB (+${f(grew)} MB = ${f(grew / fileMB, 2)}× file); peak with inference ${f(r.peakMB)} MB`
  );
}
