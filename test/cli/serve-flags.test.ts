import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../electron/cli/command';
import { parseServeFlags, remoteWarning } from '../../electron/cli/serve-options';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

describe('studio serve beyond loopback', () => {
  it('refuses a non-loopback --host without --allow-remote, with a one-line reason', () => {
    expect(() => parseServeFlags(['--host', '0.0.0.0'])).toThrow(CliError);
    expect(() => parseServeFlags(['--host', '192.168.1.5'])).toThrow(/--allow-remote/);
    for (const loopback of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(parseServeFlags(['--host', loopback]).remote).toBe(false);
    expect(parseServeFlags(['--host', '0.0.0.0', '--allow-remote']).remote).toBe(true);

    const r = spawnSync(process.execPath, ['bin/studio.mjs', '--data-dir', tmp(), 'serve', '--host', '0.0.0.0', '--port', '0'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/reachable from other machines.*--allow-remote/);
  });

  it('checks the folder and TLS flags', () => {
    expect(() => parseServeFlags(['--export-dir', '/no/such/folder'])).toThrow(/--export-dir \/no\/such\/folder: no such folder/);
    expect(() => parseServeFlags(['--read-dir', '/no/such/folder'])).toThrow(/--read-dir/);
    expect(() => parseServeFlags(['--tls-cert', 'c.pem'])).toThrow(/go together/);
    expect(() => parseServeFlags(['--tls-cert', '/no/c.pem', '--tls-key', '/no/k.pem'])).toThrow(/--tls-cert \/no\/c\.pem: no such file/);
    const dir = tmp();
    expect(parseServeFlags(['--export-dir', dir, '--read-dir', dir, '--allow-host', 'studio.lan'])).toMatchObject({ exportDirs: [dir], readDirs: [dir], allowHosts: ['studio.lan'] });
  });

  it('the warning says what is reachable and that plain HTTP carries the token in clear text', () => {
    const flags = parseServeFlags(['--host', '0.0.0.0', '--allow-remote']);
    const w = remoteWarning(flags, 'http://0.0.0.0:5/?token=SECRET', ['/data', '/pics'], ['/data/exports']);
    expect(w).toMatch(/^WARNING: listening on 0\.0\.0\.0, reachable from other machines/);
    expect(w).toMatch(/clear text/);
    expect(w).toMatch(/read files only under: \/data, \/pics/);
    expect(w).toMatch(/write only under: \/data\/exports/);
    expect(w).not.toContain('SECRET');
    const tls = remoteWarning({ ...flags, tls: { cert: Buffer.from(''), key: Buffer.from('') } }, 'https://x/', [], []);
    expect(tls).toMatch(/HTTPS/);
    expect(tls).not.toMatch(/clear text/);
  });

  it('with --allow-remote the real command serves and prints the warning on stderr', async () => {
    const p = spawn(process.execPath, ['bin/studio.mjs', '--data-dir', tmp(), '--json', 'serve', '--host', '0.0.0.0', '--port', '0', '--allow-remote'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((r) => p.once('exit', r));
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => stdout.includes('\n') && (clearInterval(t), resolve()), 20);
      p.once('exit', (c) => reject(new Error(`serve exited ${c}: ${stderr}`)));
    });
    p.kill('SIGTERM');
    await exited;
    expect(JSON.parse(stdout.trim())).toMatchObject({ host: '0.0.0.0', url: expect.stringMatching(/^http:\/\/0\.0\.0\.0:\d+\/\?token=/) });
    expect(stderr).toMatch(/WARNING: listening on 0\.0\.0\.0/);
    expect(stderr).toMatch(/token travels in clear text/);
  }, 30_000);
});
