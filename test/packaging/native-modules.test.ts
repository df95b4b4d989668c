import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqliteNativeBinding } from '../../electron/core/native-binding';

const require = createRequire(import.meta.url);

/** Every .node file under a folder. */
function nodeFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.node'))
    .map((e) => join(e.parentPath, e.name));
}

// An N-API addon registers through napi_register_module_v1 and is loadable by any runtime with
// that N-API version, Electron included; a V8-ABI addon registers through node_register_module_v<ABI>
// and loads only under the ABI it was compiled for.
const isNapi = (bin: Buffer) => bin.includes('napi_register_module_v1') && !/node_register_module_v\d+/.test(bin.toString('latin1'));

describe('native modules under Node and Electron', () => {
  it('sharp\'s prebuilt binary is N-API, so Electron loads it without a rebuild', () => {
    const sharpRoot = dirname(require.resolve('sharp/package.json'));
    const img = join(sharpRoot, '..', '@img');
    const platformPkgs = readdirSync(img).filter((d) => d.startsWith('sharp-') && !d.startsWith('sharp-libvips'));
    const files = platformPkgs.flatMap((d) => nodeFiles(join(img, d)));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(isNapi(readFileSync(f)), f).toBe(true);
  });

  it('better-sqlite3 is V8-ABI (why the app needs its own Electron build), and the check can tell', () => {
    const files = nodeFiles(join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release'));
    expect(files.length).toBeGreaterThan(0);
    expect(isNapi(readFileSync(files[0]!))).toBe(false);
  });

  it('hands better-sqlite3 the Electron build only under Electron', () => {
    const env = { STUDIO_SQLITE_BINDING: '/app/resources/native/better_sqlite3.node' };
    expect(sqliteNativeBinding(env, { node: '22.19.0', electron: '38.8.6' })).toBe(env.STUDIO_SQLITE_BINDING);
    expect(sqliteNativeBinding(env, { node: '20.20.2' })).toBeUndefined();
    expect(sqliteNativeBinding({}, { node: '22.19.0', electron: '38.8.6' })).toBeUndefined();
  });
});
