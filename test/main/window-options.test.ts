import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl, mainWindowOptions } from '../../electron/main/window-options';

describe('the Electron window', () => {
  it('is isolated, sandboxed and without Node in the renderer', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('accepts IPC only from our own renderer', () => {
    expect(isTrustedRendererUrl('studio-app://renderer/index.html#/train', undefined)).toBe(true);
    // file:// is one origin shared with every local file: the packaged renderer no longer uses it.
    expect(isTrustedRendererUrl('file:///opt/Transfer%20Studio/resources/app/out/renderer/index.html', undefined)).toBe(false);
    expect(isTrustedRendererUrl('studio-app://elsewhere/index.html', undefined)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/#/train', 'http://localhost:5173')).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/', undefined)).toBe(false);
    expect(isTrustedRendererUrl('https://evil.example/out/renderer/index.html', undefined)).toBe(false);
    expect(isTrustedRendererUrl('file:///tmp/other.html', undefined)).toBe(false);
    expect(isTrustedRendererUrl('not a url', undefined)).toBe(false);
  });
});
