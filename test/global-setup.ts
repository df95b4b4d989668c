import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Brings out/node's bundles up to date once, before any test file runs: the tests that start the CLI
 * run `bin/studio.mjs` as a user does, on the bundle, which it rebuilds when any source is newer. Done
 * here, that costs one build instead of one in whichever test files happen to start the CLI first.
 */
export function setup(): void {
  const root = join(import.meta.dirname, '..');
  const { STUDIO_FROM_SOURCE: _, ...env } = process.env;
  const r = spawnSync(process.execPath, [join(root, 'bin', 'studio.mjs'), '--version'], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not build the CLI bundle for the tests: ${r.stderr}`);
}
