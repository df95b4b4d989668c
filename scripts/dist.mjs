// `npm run dist [-- --linux|--mac|--win …]`: build the bundles, build better-sqlite3 for Electron aside,
// then package with electron-builder (electron-builder.config.mjs). Build each OS's installers on that
// OS: sharp's prebuilt binaries and the Electron-ABI better-sqlite3 are those of the machine it runs on.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const step = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step([join(root, 'scripts', 'build.mjs')]);
step([join(root, 'scripts', 'electron-native.mjs')]);
step([join(root, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'electron-builder.config.mjs', ...process.argv.slice(2)]);
