import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog, shell, type BrowserWindow } from 'electron';
import type { Core } from '../core/core';
import type { SaveOutcome } from '../../shared/api/bridge';

export interface SaveService {
  save(win: BrowserWindow | undefined, kind: unknown, id: unknown, suggested: unknown): Promise<SaveOutcome>;
  show(path: unknown): boolean;
}

/**
 * "Download" in the app: a save dialog, then a copy of a file the core's registry serves (an export zip,
 * a predictions CSV). The renderer names only a registry kind and id, never a path, and "Show in folder"
 * works only for paths this service itself saved, so a compromised page can neither read nor reveal
 * arbitrary files. The IPC channels are wired in ipc-adapter.ts.
 */
export function createSaveService(core: Core): SaveService {
  const saved = new Set<string>();
  return {
    async save(win, kind, id, suggested) {
      const found = core.ctx.files.resolve(String(kind), String(id));
      if (!found) return { ok: false, message: 'That file is no longer there: export it again.' };
      const name = String(suggested).replace(/[\\/:*?"<>|]/g, '_').slice(0, 200) || 'download';
      const opts = { defaultPath: join(app.getPath('downloads'), name) };
      const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
      if (r.canceled || !r.filePath) return { ok: true, path: null };
      await copyFile(found.path, r.filePath);
      saved.add(r.filePath);
      return { ok: true, path: r.filePath };
    },
    show(path) {
      if (typeof path !== 'string' || !saved.has(path)) return false;
      shell.showItemInFolder(path);
      return true;
    },
  };
}
