import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

function studio(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['bin/studio.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('studio CLI', () => {
  it('--help lists the commands, --version prints the package version', () => {
    const help = studio(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/studio serve/);
    expect(help.stdout).toMatch(/studio runs/);
    const v = studio(['--version']);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs --json prints exactly one JSON document on stdout', () => {
    const r = studio(['--data-dir', tmp(), 'runs', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ runs: [], disk: { totalBytes: 0, runs: [] } });
  });

  it('takes the data dir from STUDIO_DATA_DIR when no flag is given', () => {
    const dir = tmp();
    const r = studio(['runs', '--json'], { STUDIO_DATA_DIR: dir });
    expect(r.code).toBe(0);
    expect(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout).toContain('studio.db');
  });

  it('an unknown command or bad flag exits non-zero with a one-line reason on stderr', () => {
    const r = studio(['--data-dir', tmp(), 'fly']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Unknown command "fly"/);
    const bad = studio(['--data-dir', tmp(), 'serve', '--port', 'abc']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--port must be a number/);
  });
});
