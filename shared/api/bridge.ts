import type { ApiErrorBody } from './errors';

/**
 * What a call answers across Electron's contextBridge: plain data only. contextBridge copies
 * values with the structured-clone rules and keeps only `message` of a thrown Error, so a
 * StudioError's code and issues would be lost if it were thrown through the bridge; the renderer
 * rebuilds the StudioError from this body instead (renderer/src/api/bridge-client.ts).
 */
export type BridgeOutcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

/**
 * The preload's `window.studioBridge`: the narrowest surface that can carry the contract.
 * Every argument and result is structured-cloneable (a dropped File is allowed: contextBridge
 * passes it through so webUtils can read its path); listeners are proxied by contextBridge.
 */
export interface StudioBridge {
  call(method: string, params: unknown): Promise<BridgeOutcome>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: Blob): string | null;
  /**
   * A save dialog for a file the core serves (registry kind + id, as fileUrl takes): copies it where the
   * user chose; path null when the dialog was cancelled. Optional: older preloads lack it.
   */
  saveFile?(kind: string, id: string, suggestedName: string): Promise<SaveOutcome>;
  /** Reveals a file saveFile wrote in the OS file manager; false for any other path. */
  showInFolder?(path: string): Promise<boolean>;
}

export type SaveOutcome = { ok: true; path: string | null } | { ok: false; message: string };

/** The key the preload exposes the bridge under. */
export const bridgeKey = 'studioBridge' as const;

/**
 * The IPC channels between the preload and the main process's adapter, in one place: the preload
 * bundles this file (it imports nothing), so it does not pull main-process modules in.
 */
export const ipcChannels = {
  call: 'studio:call',
  event: 'studio:event',
  saveFile: 'studio:save-file',
  showInFolder: 'studio:show-in-folder',
} as const;
