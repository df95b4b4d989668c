import { app, BrowserWindow, net, protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openCore, type Core } from '../core/core';
import { resolveDataDir } from '../core/data-dir';
import { installSafetyNet } from '../core/safety-net';
import { attachIpcAdapter } from './ipc-adapter';
import { mainWindowOptions } from './window-options';
import { buildMenu } from './menu';
import { utilitySpawner } from './utility-spawn';
import { appEntryUrl, appScheme, contentTypeOf, resolveAppAsset } from './app-protocol';
import { dataDirArg } from './data-dir-arg';
import { hardenWebContents } from './hardening';
import { createQuitGate } from './quit-gate';
import { contentSecurityPolicy } from '../../shared/csp';

// studio-app: serves the renderer (see app-protocol.ts); studio-file: serves thumbnails and item
// images from the core's file registry. Both must be registered before 'ready'.
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: 'studio-file', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

installSafetyNet((m) => console.error(m));

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');

// One data folder for the app and the CLI (--data-dir, else STUDIO_DATA_DIR, else the OS folder).
// Chromium's profile lives inside it, so the single-instance lock below is per data folder: two
// studios on two folders may run side by side, two on one folder may not.
const dataDir = resolveDataDir(dataDirArg(process.argv));
app.setPath('userData', join(dataDir, 'electron-profile'));

if (app.isPackaged) {
  // resources/ ships beside app.asar (electron-builder extraResources), and the Electron-ABI
  // better-sqlite3 beside it (scripts/dist.mjs); child processes inherit both through env.
  process.env.STUDIO_RESOURCES_DIR ??= join(process.resourcesPath, 'resources');
  process.env.STUDIO_SQLITE_BINDING ??= join(process.resourcesPath, 'native', 'better_sqlite3.node');
}

let core: Core | undefined;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs')));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devServerUrl ?? appEntryUrl);
  return win;
}

function start(): void {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  void app.whenReady().then(() => {
    hardenWebContents();
    core = openCore({ dataDir, recoverOrphans: true, workers: { spawn: utilitySpawner(here) } });
    const c = core;
    protocol.handle(appScheme, async (req) => {
      const file = resolveAppAsset(rendererDir, req.url);
      if (!file) return new Response('Not found', { status: 404 });
      try {
        // Read, not net.fetch(file://): the renderer lives inside app.asar, which Electron's fs reads.
        return new Response(await readFile(file), { headers: { 'content-type': contentTypeOf(file), 'content-security-policy': contentSecurityPolicy } });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    });
    protocol.handle('studio-file', (req) => {
      const u = new URL(req.url);
      const found = c.ctx.files.resolve(u.host, decodeURIComponent(u.pathname.slice(1)));
      return found ? net.fetch(pathToFileURL(found.path).toString()) : new Response('Not found', { status: 404 });
    });
    attachIpcAdapter(c, () => BrowserWindow.getAllWindows(), devServerUrl);
    buildMenu();
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on(
    'before-quit',
    createQuitGate({
      close: async () => {
        await core?.close();
        core = undefined;
      },
      quit: () => app.quit(),
      log: (m) => console.error(m),
    }),
  );
}

// A second launch on the same data folder hands over to the first (focus it) and exits: two
// cores on one SQLite file would each believe they own its runs.
if (app.requestSingleInstanceLock()) start();
else app.quit();
