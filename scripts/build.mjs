// Builds main, preload and renderer with electron-vite, then the Node bundles (CLI and workers,
// scripts/build-node.mjs). electron-vite reads Electron's version from node_modules/electron to
// pick its output target; the package is a devDependency whose binary may be missing (that does
// not matter to the build). Where even the package is absent (an install without
// devDependencies), we give it the major version package.json asks for.
// `--if-stale` (what `npm install` runs, through `prepare`) builds only what is missing or older
// than its sources, so a fresh clone can `studio serve` right after install and a second install
// costs nothing. Everything here is local: it works offline.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNode } from './build-node.mjs';
import { buildTf } from './build-tf.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const ifStale = args.includes('--if-stale');
const viteArgs = args.filter((a) => a !== '--if-stale');
const outRoot = process.env.STUDIO_OUT_DIR ? resolve(process.env.STUDIO_OUT_DIR) : join(root, 'out');

/** Newest modification time of the files under these folders (node_modules and out excluded). */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (!st.isDirectory()) return void (t = Math.max(t, st.mtimeMs));
    for (const e of readdirSync(p)) if (e !== 'node_modules' && e !== 'out') walk(join(p, e));
  };
  for (const p of paths) walk(join(root, p));
  return t;
}

/** What electron-vite builds is stale when an output is missing or older than any source of the app. */
function viteStale() {
  const outputs = [join(outRoot, 'renderer', 'index.html'), join(outRoot, 'main', 'index.js'), join(outRoot, 'preload', 'index.cjs')];
  if (!outputs.every((f) => existsSync(f))) return true;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  return newest(['renderer', 'shared', 'electron', 'electron.vite.config.ts', 'package.json']) > built;
}

function nodeStale() {
  const dir = join(outRoot, 'node');
  if (!existsSync(join(dir, 'cli.mjs'))) return true;
  try {
    const built = statSync(join(dir, 'cli.mjs')).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
    return inputs.some((rel) => (statSync(join(root, rel), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > built);
  } catch {
    return true;
  }
}

// Every build (and tsx source mode) imports electron/core/tf/generated/: it comes first, whatever is stale.
await buildTf();
if (!ifStale || viteStale()) {
  const require = createRequire(import.meta.url);
  const env = { ...process.env };
  try {
    require.resolve('electron/package.json');
  } catch {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    env.ELECTRON_MAJOR_VER = String(pkg.devDependencies.electron).replace(/^\D*/, '').split('.')[0];
  }
  // fileURLToPath, not URL.pathname: the latter keeps %20 for spaces and a leading / before C: on Windows.
  const bin = fileURLToPath(new URL('../node_modules/electron-vite/bin/electron-vite.js', import.meta.url));
  const r = spawnSync(process.execPath, [bin, 'build', ...viteArgs], { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!ifStale || nodeStale()) await buildNode({ outDir: join(outRoot, 'node') });
