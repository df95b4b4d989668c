import type { StudioApi } from '../../../shared/api/client';

declare global {
  interface Window {
    studio?: StudioApi;
  }
}

/** The one door to the core. Set by the Electron preload, or by main.tsx in browser mode. */
export function studio(): StudioApi {
  if (!window.studio) throw new Error('window.studio is not available');
  return window.studio;
}
