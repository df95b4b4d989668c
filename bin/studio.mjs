#!/usr/bin/env node
// `studio`: runs the bundled CLI, out/node/cli.mjs (scripts/build-node.mjs; `npm install` builds it).
// In a source checkout a bundle older than any file it was built from is rebuilt first (esbuild,
// about 2 s), so a command never runs stale code. STUDIO_FROM_SOURCE=1 runs the TypeScript source
// through tsx instead (a dev tool): the tests do, because they hand the workers TypeScript modules.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'out', 'node', 'cli.mjs');

/** Why the bundle must be (re)built, or null when it is current. */
function staleness() {
  if (!existsSync(bundle)) return 'missing';
  // A packaged install has no sources to compare with: its bundle is what it ships.
  if (!existsSync(join(root, 'electron', 'cli', 'main.ts'))) return null;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(root, 'out', 'node', 'inputs.json'), 'utf8')).inputs;
  } catch {
    return 'no inputs.json';
  }
  const built = statSync(bundle).mtimeMs;
  for (const rel of inputs) {
    const st = statSync(join(root, rel), { throwIfNoEntry: false });
    if (!st || st.mtimeMs > built) return `${rel} changed`;
  }
  return null;
}

let entry = bundle;
if (process.env.STUDIO_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(root, 'electron', 'cli', 'main.ts');
} else if (staleness()) {
  let buildNode;
  try {
    ({ buildNode } = await import('../scripts/build-node.mjs'));
    await import('esbuild');
  } catch {
    if (!existsSync(bundle)) {
      process.stderr.write('studio: the CLI is not built (out/node/cli.mjs is missing) and esbuild is not installed to build it: run `npm install` in the studio folder.\n');
      process.exit(1);
    }
    buildNode = null; // no build tools here: run the bundle there is
  }
  if (buildNode) {
    try {
      await buildNode();
    } catch (err) {
      const first = String(err?.errors?.[0] ? `${err.errors[0].location?.file ?? ''}: ${err.errors[0].text}` : err?.message ?? err).split('\n')[0];
      process.stderr.write(`studio: could not rebuild the CLI bundle from source (${first}).\n`);
      process.exit(1);
    }
  }
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
