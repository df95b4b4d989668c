import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioBridge } from '../../shared/api/bridge';
import { StudioError } from '../../shared/api/errors';
import { createBridgeClient } from '../../renderer/src/api/bridge-client';
import config, { electronNativeDir } from '../../electron-builder.config.mjs';

// Everything here reads a real build (made once, into a temporary folder, so the shared out/ is
// left alone) and needs no Electron binary: what a packaged app would fail on at start is caught here.
const root = resolve(__dirname, '..', '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
let out = '';

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'studio-out-'));
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, env: { ...process.env, STUDIO_OUT_DIR: out }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`);
}, 180_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Static, dynamic and require() specifiers of a built file, as TypeScript's pre-processor reads them. */
const specifiers = (file: string) => ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
const packageName = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!);

describe('the preload', () => {
  it('is one file that requires nothing but electron (a sandboxed preload can require nothing else)', () => {
    const files = readdirSync(join(out, 'preload'));
    expect(files).toEqual(['index.cjs']);
    expect(new Set(specifiers(join(out, 'preload', 'index.cjs')))).toEqual(new Set(['electron']));
  });

  it('runs in a sandbox-like context and exposes a plain-data bridge whose errors become StudioErrors', async () => {
    const exposed: Record<string, unknown> = {};
    let answer: unknown = { ok: false, error: { code: 'not_found', message: 'No run 9.', issues: [{ path: 'runId', message: 'unknown' }] } };
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (k: string, v: unknown) => void (exposed[k] = v) },
      ipcRenderer: {
        invoke: async (channel: string, method: string, params: unknown) => {
          if (answer instanceof Error) throw answer;
          return { ...(answer as object), seen: { channel, method, params } };
        },
        on: () => {},
        removeListener: () => {},
      },
      webUtils: { getPathForFile: () => '/photos' },
    };
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return fakeElectron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const code = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');
    vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, {})(sandboxRequire, { exports: {} }, {});
    expect(Object.keys(exposed)).toEqual(['studioBridge']);
    const bridge = exposed.studioBridge as StudioBridge;

    const outcome = await bridge.call('runs.get', { runId: 9 });
    expect(structuredClone(outcome)).toEqual(outcome); // survives contextBridge's copy
    expect(outcome).toMatchObject({ ok: false, seen: { channel: 'studio:call', method: 'runs.get', params: { runId: 9 } } });
    const err = await createBridgeClient(bridge).call('runs.get' as never, { runId: 9 } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect(err).toMatchObject({ code: 'not_found', message: 'No run 9.', issues: [{ path: 'runId', message: 'unknown' }] });

    answer = new Error('No handler registered for studio:call');
    await expect(bridge.call('runs.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(bridge.pathForFile(new Blob([]))).toBe('/photos');
  });
});

describe('the main bundle in a packaged layout', () => {
  it('imports only built-ins, electron, its own chunks and production dependencies', () => {
    const mainDir = join(out, 'main');
    const seen = new Set<string>();
    const problems: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // A build-machine path baked into the bundle does not exist on the user's machine.
      if (text.includes(root)) problems.push(`${relative(out, file)} contains the build machine's path ${root}`);
      for (const spec of specifiers(file)) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (relative(out, target).startsWith('..')) problems.push(`${relative(out, file)} imports ${spec}, outside out/ (the asar holds only out/)`);
          else if (!existsSync(target)) problems.push(`${relative(out, file)} imports ${spec}, which was not built`);
          else visit(target);
        } else if (isBuiltin(spec) || spec === 'electron') {
          continue;
        } else {
          const name = packageName(spec);
          const dev = pkg.devDependencies?.[name] !== undefined;
          const prod = pkg.dependencies?.[name] !== undefined || pkg.optionalDependencies?.[name] !== undefined;
          if (!prod) problems.push(`${relative(out, file)} imports ${spec}: ${dev ? 'a devDependency, not packaged' : 'not a dependency at all'}`);
          else if (!existsSync(join(root, 'node_modules', name, 'package.json'))) problems.push(`${relative(out, file)} imports ${spec}, not installed`);
        }
      }
    };
    for (const entry of ['index.js', 'training-worker.js', 'model-worker.js']) visit(join(mainDir, entry));
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(3);
  });
});

describe('the electron-builder configuration', () => {
  // electron-builder's own matcher library, so the patterns mean here what they mean there.
  type Match = (path: string, pattern: string, opts?: { dot?: boolean }) => boolean;
  const mm = createRequire(require.resolve('app-builder-lib/package.json'))('minimatch') as Match & { minimatch?: Match };
  const minimatch: Match = mm.minimatch ?? mm;
  const walk = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));

  it('passes electron-builder\'s schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(c: unknown, log: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(structuredClone(config), { isEnabled: false, add() {} })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, asarUnpak: [] }, { isEnabled: false, add() {} })).rejects.toThrow(/asarUnpak/);
  });

  it('packs the built app: every `files` pattern matches real output, and the bundles are not excluded', () => {
    // Patterns are relative to the project; the build went to `out` instead of out/.
    const projectFiles = [...walk(out).map((f) => `out/${f}`), 'package.json'];
    const patterns = config.files as string[];
    const excluded = (f: string) => patterns.filter((p) => p.startsWith('!')).some((p) => minimatch(f, p.slice(1), { dot: true }));
    // electron-builder adds the production node_modules itself; only the negations apply to them.
    const included = (f: string) => (f.startsWith('node_modules/') || patterns.filter((p) => !p.startsWith('!')).some((p) => minimatch(f, p, { dot: true }))) && !excluded(f);
    for (const p of patterns.filter((x) => !x.startsWith('!') && !x.startsWith('node_modules'))) expect(projectFiles.some((f) => minimatch(f, p, { dot: true })), p).toBe(true);
    for (const must of ['out/main/index.js', 'out/main/training-worker.js', 'out/main/model-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'package.json']) expect(included(must), must).toBe(true);
    // better-sqlite3's JavaScript stays; its sources and Node-ABI build go.
    expect(included('node_modules/better-sqlite3/lib/database.js')).toBe(true);
    expect(included('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(false);
    expect(included('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false);
  });

  it('unpacks every native module and wasm file the production dependencies install', () => {
    const unpack = (f: string) => (config.asarUnpack as string[]).some((p) => minimatch(f, p, { dot: true }));
    const deps = Object.keys(pkg.dependencies!).filter((d) => existsSync(join(root, 'node_modules', d)));
    const scoped = ['@img'].filter((d) => existsSync(join(root, 'node_modules', d)));
    const files = [...deps, ...scoped].flatMap((d) => walk(join(root, 'node_modules', d)).map((f) => `node_modules/${d}/${f}`));
    const natives = files.filter((f) => /\.(node|wasm)$/.test(f) && !f.startsWith('node_modules/better-sqlite3/'));
    expect(natives.some((f) => f.endsWith('.node'))).toBe(true); // sharp
    expect(natives.some((f) => f.endsWith('.wasm'))).toBe(true); // tfjs-backend-wasm
    expect(natives.filter((f) => !unpack(f))).toEqual([]);
    // sharp's .node finds libvips beside it by a relative path: libvips must be unpacked too.
    expect(files.filter((f) => f.startsWith('node_modules/@img/sharp-libvips') && /\.so|\.dylib|\.dll/.test(f)).every(unpack)).toBe(true);
  });

  it('ships resources/ and the Electron-ABI better-sqlite3 where the main process looks for them', () => {
    const extra = config.extraResources as Array<{ from: string; to: string }>;
    expect(extra).toContainEqual(expect.objectContaining({ from: 'resources', to: 'resources' }));
    expect(existsSync(join(root, 'resources', 'demo'))).toBe(true);
    expect(extra).toContainEqual(expect.objectContaining({ from: electronNativeDir, to: 'native' }));
    const main = readFileSync(join(root, 'electron', 'main', 'index.ts'), 'utf8');
    expect(main).toContain("join(process.resourcesPath, 'resources')");
    expect(main).toContain("join(process.resourcesPath, 'native', 'better_sqlite3.node')");
    expect(config.npmRebuild).toBe(false);
  });

  it('targets AppImage, deb, dmg and NSIS, with the fuses Electron\'s checklist asks for', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableCookieEncryption: true, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
    expect(pkg.scripts!.dist).toBe('node scripts/dist.mjs');
  });
});
