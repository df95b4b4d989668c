import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy, readNpy, type NpyArray } from '../helpers/npy';

const root = join(__dirname, '..', '..');
const PYTHON = '/usr/bin/python3';

/** Why the torch references cannot run here, or null when they can (tests skip with this reason). */
export function torchMissing(modules = 'torch, numpy'): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', `import ${modules}`], { encoding: 'utf8' });
  return r.status === 0 ? null : `${PYTHON} cannot import ${modules}: ${r.stderr.trim().split('\n').pop()}`;
}

export interface TorchJob {
  /** Plain string arguments of the job (e.g. dir, class). */
  args?: Record<string, string | number>;
  /** Arrays written to .npy and passed by path under their key. */
  arrays: Record<string, NpyArray>;
  /** Output keys: the script writes each to the path given under that key. */
  outs: string[];
}

/**
 * Runs scripts/explain/<script> --jobs once for all jobs (one torch import: a few seconds, not a few
 * per case) and returns each job's outputs.
 */
export function runTorchJobs(script: string, jobs: TorchJob[]): Record<string, NpyArray>[] {
  const dir = mkdtempSync(join(tmpdir(), 'explain-ref-'));
  try {
    const specs = jobs.map((job, j) => {
      const spec: Record<string, string | number> = { ...job.args };
      for (const [name, arr] of Object.entries(job.arrays)) {
        spec[name] = join(dir, `${j}-${name}.npy`);
        writeFileSync(spec[name] as string, encodeNpy(arr));
      }
      for (const name of job.outs) spec[name] = join(dir, `${j}-out-${name}.npy`);
      return spec;
    });
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify(specs));
    const r = spawnSync(PYTHON, [join(root, 'scripts', 'explain', script), '--jobs', join(dir, 'jobs.json')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
    return specs.map((s, j) => Object.fromEntries(jobs[j]!.outs.map((n) => [n, readNpy(s[n] as string)])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
