import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Brings out/node's bundles up to date once, before any test file runs: the tests that start the CLI
 * run `bin/studio.mjs` as a user does, on the bundle, which it rebuilds when any source is newer. Done
 * here, that costs one build instead of one in whichever test files happen to start the CLI first.
 */
export function setup(): () => void {
  // Every temporary folder of the run — the tests' own, and those of the CLIs, workers and Python they start —
  // goes under one folder removed at the end: os.tmpdir() (and Python's tempfile) read TMPDIR, and the forked
  // test workers inherit it. Tests still remove what they make; this catches what a failing or forgetful one leaves.
  const scratch = mkdtempSync(join(tmpdir(), 'studio-tests-'));
  process.env.TMPDIR = scratch;
  const root = join(import.meta.dirname, '..');
  const { STUDIO_FROM_SOURCE: _, ...env } = process.env;
  const r = spawnSync(process.execPath, [join(root, 'bin', 'studio.mjs'), '--version'], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not build the CLI bundle for the tests: ${r.stderr}`);
  return () => rmSync(scratch, { recursive: true, force: true });
}
