import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/core';
import { startBrowserServer } from '../../electron/core/server/http-server';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/** A throwaway self-signed certificate for localhost, made where the test runs (no key in the repo). */
function selfSigned(dir: string): { cert: Buffer; key: Buffer } {
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
}

function get(port: number, path: string, ca: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, ca, servername: 'localhost', headers: { Host: `localhost:${port}` } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    r.on('error', reject);
    r.end();
  });
}

describe('browser mode over TLS', () => {
  it.skipIf(!hasOpenssl)('serves HTTPS with a user-given certificate; the cookie is Secure (skipped without openssl to make a certificate)', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
    const tls = selfSigned(dir);
    const core = openCore({ dataDir: join(dir, 'data') });
    const s = await startBrowserServer(core, { rendererDir: join(dir, 'renderer'), tls });
    try {
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
      expect((await get(s.port, '/', tls.cert)).status).toBe(401);
      const ok = await get(s.port, `/?token=${s.token}`, tls.cert);
      expect(ok.status).toBe(200);
      expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\/; Secure/);
    } finally {
      await s.close();
      await core.close();
    }
  });
});
