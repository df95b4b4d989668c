import type { BrowserWindowConstructorOptions } from 'electron';
import { appHost, appScheme } from './app-protocol';

/**
 * The one place the window's security posture is set; a unit test reads it.
 * The renderer gets no Node, runs sandboxed, and sees only the preload's narrow window.studio.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Transfer Studio',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    },
  };
}

/** Only our own renderer may talk to the core: the studio-app: origin, or the dev server in development. */
export function isTrustedRendererUrl(url: string, devServerUrl: string | undefined): boolean {
  try {
    const u = new URL(url);
    if (devServerUrl) {
      const dev = new URL(devServerUrl);
      if (u.origin === dev.origin) return true;
    }
    return u.protocol === `${appScheme}:` && u.host === appHost;
  } catch {
    return false;
  }
}
