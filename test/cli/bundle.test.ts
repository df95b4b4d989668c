import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script, no types
import { buildNode } from '../../scripts/build-node.mjs';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();
const root = resolve(import.meta.dirname, '..', '..');
// Inside the repository, as out/node is: the bundle finds node_modules and package.json by walking up.
const outDir = join(root, 'out', `bundle-test-${process.pid}`, 'node');

/** Runs the bundle with plain Node (no tsx loader anywhere), as bin/studio.mjs does outside the tests. */
function bundled(args: string[], env: NodeJS.ProcessEnv = {}) {
  const code = `const { main } = await import(${JSON.stringify(pathToFileURL(join(outDir, 'cli.mjs')).href)}); process.exitCode = await main(${JSON.stringify(args)});`;
  const { STUDIO_FROM_SOURCE: _, ...rest } = process.env;
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...rest, ...env }, timeout: 60_000 });
}

describe('the bundled CLI (out/node, built by scripts/build-node.mjs)', () => {
  beforeAll(async () => {
    await buildNode({ outDir });
  }, 60_000);
  afterAll(() => rmSync(resolve(outDir, '..'), { recursive: true, force: true }));

  it('writes the CLI and both worker bundles, and lists their sources for the staleness check', () => {
    for (const f of ['cli.mjs', 'training-worker.mjs', 'model-worker.mjs']) expect(existsSync(join(outDir, f)), f).toBe(true);
    const { inputs } = JSON.parse(readFileSync(join(outDir, 'inputs.json'), 'utf8')) as { inputs: string[] };
    expect(inputs).toContain('electron/cli/main.ts');
    expect(inputs).toContain('electron/core/training/worker-entry.ts');
    expect(inputs.every((p) => !p.startsWith('node_modules'))).toBe(true);
  });

  it('runs under plain Node: --version, import (sharp, better-sqlite3 from node_modules), runs --json', async () => {
    expect(bundled(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    const photos = tmp();
    for (const [cls, color] of [['red', { r: 255, g: 0, b: 0 }], ['blue', { r: 0, g: 0, b: 255 }]] as const) {
      mkdirSync(join(photos, cls));
      for (let i = 0; i < 2; i++) await sharp({ create: { width: 8 + i, height: 8, channels: 3, background: color } }).png().toFile(join(photos, cls, `${i}.png`));
    }
    const data = tmp();
    const imp = bundled(['--data-dir', data, 'import', photos, '--json']);
    expect(imp.status, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({ datasetId: 1, items: 4, classes: { red: 2, blue: 2 }, skipped: [], duplicates: 0 });
    const runs = bundled(['--data-dir', data, 'runs', '--json']);
    expect(JSON.parse(runs.stdout)).toEqual({ runs: [], disk: { totalBytes: 0, runs: [] } });
  });

  it('serve answers the page it was given', async () => {
    const page = tmp();
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>bundle-serve-probe</title>');
    const code = `const { main } = await import(${JSON.stringify(pathToFileURL(join(outDir, 'cli.mjs')).href)}); process.exitCode = await main(${JSON.stringify(['--data-dir', tmp(), '--json', 'serve', '--port', '0'])});`;
    const { STUDIO_FROM_SOURCE: _, ...rest } = process.env;
    const p = spawn(process.execPath, ['--input-type=module', '-e', code], { env: { ...rest, STUDIO_RENDERER_DIR: page }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((ok, fail) => {
        let buf = '';
        p.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('\n')) ok(buf.slice(0, buf.indexOf('\n')));
        });
        p.once('exit', (c) => fail(new Error(`serve exited with ${c}`)));
      });
      const res = await fetch(JSON.parse(line).url as string);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('bundle-serve-probe');
    } finally {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    }
  });

  it('tsx is a dev tool only: not among the dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    expect(pkg.dependencies?.tsx).toBeUndefined();
    expect(pkg.optionalDependencies?.tsx).toBeUndefined();
    expect(pkg.devDependencies?.tsx).toBeDefined();
  });
});
