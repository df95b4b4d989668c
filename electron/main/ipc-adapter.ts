import { BrowserWindow, ipcMain } from 'electron';
import type { Core } from '../core/core';
import { isTrustedRendererUrl } from './window-options';
import { createSaveService } from './save-adapter';
import { ipcChannels } from '../../shared/api/bridge';

const { call: CALL_CHANNEL, event: EVENT_CHANNEL, saveFile: SAVE_CHANNEL, showInFolder: SHOW_CHANNEL } = ipcChannels;

/**
 * Forwards the typed API to the core. The core validates every payload, so this adapter only
 * checks who is asking: a message from any frame that isn't our renderer is refused.
 */
export function attachIpcAdapter(core: Core, windows: () => BrowserWindow[], devServerUrl: string | undefined): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, method, params) => {
    const ours = windows().some((w) => w.webContents.id === event.sender.id);
    if (!ours || !event.senderFrame || !isTrustedRendererUrl(event.senderFrame.url, devServerUrl)) {
      return { ok: false, error: { code: 'invalid_params', message: 'Refused: the message did not come from the studio window.' } };
    }
    return core.service.call(String(method), params, { transport: 'electron' });
  });
  // Save dialog and Show in folder (save-adapter.ts), under the same sender check.
  const files = createSaveService(core);
  const trusted = (e: Electron.IpcMainInvokeEvent) =>
    windows().some((w) => w.webContents.id === e.sender.id) && Boolean(e.senderFrame && isTrustedRendererUrl(e.senderFrame.url, devServerUrl));
  ipcMain.handle(SAVE_CHANNEL, (event, kind, id, name) =>
    trusted(event) ? files.save(BrowserWindow.fromWebContents(event.sender) ?? undefined, kind, id, name) : { ok: false, message: 'Refused: the request did not come from the studio window.' },
  );
  ipcMain.handle(SHOW_CHANNEL, (event, path) => trusted(event) && files.show(path));
  const unsubscribe = core.ctx.events.subscribe((event, payload) => {
    for (const w of windows()) if (!w.webContents.isDestroyed()) w.webContents.send(EVENT_CHANNEL, event, payload);
  });
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeHandler(SAVE_CHANNEL);
    ipcMain.removeHandler(SHOW_CHANNEL);
    unsubscribe();
  };
}
