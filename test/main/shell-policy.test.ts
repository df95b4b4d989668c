import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEntryUrl, contentTypeOf, resolveAppAsset } from '../../electron/main/app-protocol';
import { dataDirArg } from '../../electron/main/data-dir-arg';
import { permissionAllowed } from '../../electron/main/permissions';
import { resolveDataDir } from '../../electron/core/data-dir';

describe('the studio-app: protocol', () => {
  const dir = join('/opt', 'Transfer Studio', 'resources', 'app.asar', 'out', 'renderer');
  it('serves files of the renderer folder and nothing else', () => {
    expect(resolveAppAsset(dir, appEntryUrl)).toBe(join(dir, 'index.html'));
    expect(resolveAppAsset(dir, 'studio-app://renderer/')).toBe(join(dir, 'index.html'));
    expect(resolveAppAsset(dir, 'studio-app://renderer/assets/index-1.js')).toBe(join(dir, 'assets', 'index-1.js'));
    expect(resolveAppAsset(dir, 'studio-app://renderer/a%20b.png')).toBe(join(dir, 'a b.png'));
    // The URL parser folds %2e%2e segments away, so this stays inside the folder.
    expect(resolveAppAsset(dir, 'studio-app://renderer/%2e%2e/%2e%2e/package.json')).toBe(join(dir, 'package.json'));
    expect(resolveAppAsset(dir, 'studio-app://renderer/..%2f..%2fmain%2findex.js')).toBeNull();
    expect(resolveAppAsset(dir, 'studio-app://renderer/%00')).toBeNull();
    expect(resolveAppAsset(dir, 'studio-app://other/index.html')).toBeNull();
    expect(resolveAppAsset(dir, 'file:///etc/passwd')).toBeNull();
  });
  it('gives module scripts and wasm their types', () => {
    expect(contentTypeOf('a/index-1.js')).toMatch(/^text\/javascript/);
    expect(contentTypeOf('x.wasm')).toBe('application/wasm');
    expect(contentTypeOf('x.unknown')).toBe('application/octet-stream');
  });
});

describe('permissions', () => {
  it('grants only clipboard writes and the camera (video without audio)', () => {
    expect(permissionAllowed('clipboard-sanitized-write')).toBe(true);
    expect(permissionAllowed('media', ['video'])).toBe(true);
    expect(permissionAllowed('media', ['video', 'audio'])).toBe(false);
    expect(permissionAllowed('media', ['audio'])).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'midiSysex', 'openExternal', 'hid', 'serial', 'usb', 'clipboard-read']) expect(permissionAllowed(p)).toBe(false);
  });
});

describe('one data folder for the app and the CLI', () => {
  it('reads --data-dir as the CLI does and resolves it the same way', () => {
    expect(dataDirArg(['/usr/bin/electron', '.', '--data-dir', '/d1'])).toBe('/d1');
    expect(dataDirArg(['app', '--data-dir=/d2'])).toBe('/d2');
    expect(dataDirArg(['app'])).toBeUndefined();
    // The app passes what it read to the CLI's resolver; without a flag both land on the OS folder.
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const env = { APPDATA: 'C:\\Users\\a\\AppData\\Roaming', XDG_CONFIG_HOME: '/home/a/.config' };
      expect(resolveDataDir(dataDirArg(['app']), env, platform)).toBe(resolveDataDir(undefined, env, platform));
    }
  });
});
