import { app, BrowserWindow, net, protocol, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openCore, type Core } from '../core/core';
import { installSafetyNet } from '../core/safety-net';
import { attachIpcAdapter } from './ipc-adapter';
import { mainWindowOptions } from './window-options';
import { buildMenu } from './menu';
import { modelSpawner, trainingSpawner } from './utility-spawn';
import { configureTraining } from '../core/training/registry';
import { configureModelHost } from '../core/predict/host';

// Thumbnails and item images reach the renderer through this scheme, resolved by the core's file registry.
protocol.registerSchemesAsPrivileged([{ scheme: 'studio-file', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

installSafetyNet((m) => console.error(m));

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const here = dirname(fileURLToPath(import.meta.url));
let core: Core | undefined;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs')));
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

void app.whenReady().then(() => {
  core = openCore({ dataDir: process.env.STUDIO_DATA_DIR ?? app.getPath('userData'), recoverOrphans: true });
  const c = core;
  configureTraining(c.ctx, { spawn: trainingSpawner(here) });
  configureModelHost(c.ctx, { spawn: modelSpawner(here) });
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

app.on('before-quit', () => {
  void core?.close();
});
