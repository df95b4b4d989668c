// Builds main, preload and renderer with electron-vite. electron-vite reads Electron's version
// from node_modules/electron to pick its output target; the package is a devDependency whose
// binary may be missing (that does not matter to the build). Where even the package is absent
// (an install without devDependencies), we give it the major version package.json asks for.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
const r = spawnSync(process.execPath, [bin, 'build', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
