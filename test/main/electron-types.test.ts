import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('the Electron shell is type-checked against Electron itself', () => {
  it('resolves `electron` to the package\'s own electron.d.ts, not a hand-written subset', () => {
    const cfgPath = join(root, 'tsconfig.node.json');
    const cfg = ts.parseJsonConfigFileContent(ts.readConfigFile(cfgPath, ts.sys.readFile).config, ts.sys, root);
    const from = join(root, 'electron', 'main', 'index.ts');
    const r = ts.resolveModuleName('electron', from, cfg.options, ts.sys);
    expect(r.resolvedModule?.resolvedFileName.replace(/\\/g, '/')).toMatch(/\/node_modules\/electron\/electron\.d\.ts$/);
  });

  it('has the electron package as a devDependency (electron-builder refuses it in dependencies)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.devDependencies.electron).toBeTruthy();
    expect(pkg.dependencies.electron).toBeUndefined();
    expect(pkg.optionalDependencies?.electron).toBeUndefined();
    // Its postinstall exits 1 where the binary cannot be downloaded; ours tries and never fails.
    expect(pkg.allowScripts.electron).toBe(false);
    expect(pkg.scripts.postinstall).toBe('node scripts/fetch-electron.mjs');
  });
});
