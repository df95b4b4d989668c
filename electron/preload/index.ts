import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { bridgeKey, ipcChannels, type BridgeOutcome, type SaveOutcome, type StudioBridge } from '../../shared/api/bridge';

// A sandboxed preload may require only `electron` (and a few Node built-ins), so this file is
// bundled on its own with nothing external but `electron` (electron.vite.config.ts; a test reads
// the built file). StudioError is not imported: it is rebuilt on the renderer side.
// Channel names come from shared/api/bridge.ts, which imports nothing: the preload must not pull
// main-process modules into its bundle.
const { call: CALL_CHANNEL, event: EVENT_CHANNEL, saveFile: SAVE_CHANNEL, showInFolder: SHOW_CHANNEL } = ipcChannels;

const bridge: StudioBridge = {
  async call(method, params) {
    try {
      return (await ipcRenderer.invoke(CALL_CHANNEL, String(method), params)) as BridgeOutcome;
    } catch (err) {
      // invoke itself failed (no handler yet, main process gone): still an answer in the contract's shape.
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'unavailable', message: `The studio core did not answer: ${message}` } };
    }
  },
  on(event, listener) {
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
  pathForFile(file) {
    // Electron 32+ removed File.path; webUtils is the supported way to get a dropped file's path.
    return webUtils.getPathForFile(file as File) || null;
  },
  async saveFile(kind, id, suggestedName) {
    try {
      return (await ipcRenderer.invoke(SAVE_CHANNEL, String(kind), String(id), String(suggestedName))) as SaveOutcome;
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  },
  async showInFolder(path) {
    return (await ipcRenderer.invoke(SHOW_CHANNEL, String(path))) === true;
  },
};

contextBridge.exposeInMainWorld(bridgeKey, bridge);
