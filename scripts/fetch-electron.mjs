// postinstall: download Electron's binary where the network allows it, and never fail the install.
// package.json's allowScripts denies electron's own postinstall, because it exits 1 where the binary
// cannot be fetched (build machines, locked-down networks) and that would fail `npm install` for
// everyone. The package itself (and its electron.d.ts) is always installed; only the binary is
// optional. `npm start` opens browser mode where it is missing and says why.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const installer = join(root, 'node_modules', 'electron', 'install.js');

if (!existsSync(installer)) process.exit(0); // production install without devDependencies
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);

// Electron's installer is idempotent: it returns at once when the right binary is already there.
const r = spawnSync(process.execPath, [installer], { cwd: dirname(installer), stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
if (r.status !== 0) {
  const last = String(r.stderr ?? '').trim().split('\n').find((l) => l.trim()) ?? (r.error?.message || 'timed out');
  console.warn(`Electron's binary could not be downloaded (${last.trim()}); \`npm start\` will use browser mode.`);
  console.warn('Retry later with: node node_modules/electron/install.js');
}
