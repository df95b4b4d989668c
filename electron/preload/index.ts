import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { StudioApi } from '../../shared/api/client';
import { StudioError, type ApiErrorBody } from '../../shared/api/errors';

// Channel names are duplicated from electron/main/ipc-adapter.ts on purpose: the sandboxed
// preload must not pull main-process modules into its bundle.
const CALL_CHANNEL = 'studio:call';
const EVENT_CHANNEL = 'studio:event';

type Outcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

const api: StudioApi = {
  async call(method, params) {
    const out = (await ipcRenderer.invoke(CALL_CHANNEL, method, params)) as Outcome;
    if (!out.ok) throw StudioError.fromBody(out.error);
    return out.result as never;
  },
  on(event, listener) {
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
  fileUrl(kind, id) {
    return `studio-file://${encodeURIComponent(kind)}/${encodeURIComponent(String(id))}`;
  },
  pathForFile(file) {
    // Electron 32+ removed File.path; webUtils is the supported way to get a dropped file's path.
    const p = webUtils.getPathForFile(file as File);
    return p || null;
  },
  onConnection(listener) {
    // IPC to our own main process is up for as long as the window exists.
    listener('connected');
    return () => {};
  },
};

contextBridge.exposeInMainWorld('studio', api);
