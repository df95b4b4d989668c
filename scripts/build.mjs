// Builds main, preload and renderer with electron-vite. electron-vite reads Electron's version
// from node_modules/electron to pick its output target; where the Electron binary could not be
// installed (build machines, CI), we give it the major version package.json asks for instead.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const env = { ...process.env };
try {
  require.resolve('electron/package.json');
} catch {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  env.ELECTRON_MAJOR_VER = String(pkg.optionalDependencies.electron).replace(/^\D*/, '').split('.')[0];
}
const bin = new URL('../node_modules/electron-vite/bin/electron-vite.js', import.meta.url).pathname;
const r = spawnSync(process.execPath, [bin, 'build', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
