import { studio } from './studio';

/**
 * Hands a file the core serves to the user: in the app a save dialog (preload bridge), in a browser a
 * real download into the browser's download folder. Returns where it was saved when the app knows
 * (Electron), null when the browser took over or the dialog was cancelled.
 */
export async function downloadFile(kind: string, id: string, fileName: string): Promise<{ savedPath: string | null }> {
  const bridge = window.studioBridge;
  if (bridge?.saveFile) {
    const r = await bridge.saveFile(kind, id, fileName);
    if (!r.ok) throw new Error(r.message);
    return { savedPath: r.path };
  }
  const a = document.createElement('a');
  a.href = studio().fileUrl(kind, id);
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  return { savedPath: null };
}

/** "Show in folder" exists only in the app, and only for what downloadFile saved there. */
export const canShowInFolder = () => Boolean(window.studioBridge?.showInFolder);

export async function showInFolder(path: string): Promise<void> {
  await window.studioBridge?.showInFolder?.(path);
}
