// `npm start`: build, then open the Electron window where Electron is installed; otherwise start
// browser mode, print its URL and say why. Opens a browser only where there is a display to open it on.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

function electronBinary() {
  try {
    // The electron package exports the path of its downloaded binary.
    const bin = require('electron');
    return typeof bin === 'string' && existsSync(bin) ? { bin } : { reason: 'the Electron package is installed but its binary is missing' };
  } catch {
    // electron/index.js throws when path.txt is missing: scripts/fetch-electron.mjs could not download the binary.
    return { reason: "Electron's binary could not be downloaded on this machine (retry: node node_modules/electron/install.js)" };
  }
}

const found = electronBinary();
// The Electron app loads better-sqlite3 built for Electron's ABI, kept beside node_modules' Node build.
function electronSqlite() {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'electron-native.mjs')], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
  return r.status === 0 ? join(root, 'build', 'native', 'electron', 'better_sqlite3.node') : null;
}

const sqlite = found.bin && process.env.STUDIO_BROWSER !== '1' ? electronSqlite() : null;
if (found.bin && !sqlite && process.env.STUDIO_BROWSER !== '1') found.reason = 'better-sqlite3 could not be built for Electron (see above)';
if (found.bin && sqlite) {
  const child = spawn(found.bin, [root, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, STUDIO_SQLITE_BINDING: sqlite } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = process.env.STUDIO_BROWSER === '1' ? 'STUDIO_BROWSER=1 is set' : found.reason;
  console.error(`Starting in browser mode: ${why}.`);
  const child = spawn(process.execPath, [join(root, 'bin', 'studio.mjs'), ...process.argv.slice(2), 'serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let opened = false;
  child.stdout.on('data', (d) => {
    process.stdout.write(d);
    const m = String(d).match(/https?:\/\/\S+/);
    if (!m || opened) return;
    opened = true;
    const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    if (!hasDisplay) {
      console.error('No display here, so no browser was opened: open the URL above in a browser on this machine.');
      return;
    }
    const opener = process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['cmd', '/c', 'start', ''] : ['xdg-open'];
    const o = spawn(opener[0], [...opener.slice(1), m[0]], { stdio: 'ignore', detached: true });
    o.on('error', () => console.error('Could not open a browser: open the URL above yourself.'));
    o.unref();
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
