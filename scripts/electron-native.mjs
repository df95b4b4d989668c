// Builds better-sqlite3 for Electron's ABI into build/native/electron/better_sqlite3.node, beside
// (not over) the Node build in node_modules that the CLI and the tests load. The packaged app ships
// it as resources/native (electron-builder.config.mjs) and `npm start` points Electron at it; the core
// passes it to better-sqlite3's nativeBinding option when process.versions.electron is set.
// Needs what @electron/rebuild needs: Node >= 22.12, and the network for a prebuilt binary or
// Electron's headers (then a C++ toolchain).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronNativeDir } from '../electron-builder.config.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')).version;
const arch = process.env.npm_config_arch || process.arch;
const outDir = join(root, electronNativeDir);
const out = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'stamp.json');
const stamp = JSON.stringify({ electronVersion, sqliteVersion, platform: process.platform, arch });

if (existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) process.exit(0);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Building better-sqlite3 for Electron needs Node >= 22.12 (@electron/rebuild); this is Node ${process.versions.node}.`);
  process.exit(1);
}

const moduleDir = dirname(require.resolve('better-sqlite3/package.json'));
const nodeBuild = join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
const backup = join(outDir, 'node-abi-backup.node');
mkdirSync(outDir, { recursive: true });
// @electron/rebuild works in place: keep the Node build and put it back whatever happens.
if (existsSync(nodeBuild)) copyFileSync(nodeBuild, backup);
try {
  const { rebuild } = await import(pathToFileURL(require.resolve('@electron/rebuild')).href);
  await rebuild({ buildPath: root, electronVersion, arch, onlyModules: ['better-sqlite3'], force: true });
  copyFileSync(nodeBuild, out);
  writeFileSync(stampFile, stamp);
  console.error(`better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${arch}): ${out}`);
} finally {
  if (existsSync(backup)) {
    copyFileSync(backup, nodeBuild);
    rmSync(backup);
  }
}
