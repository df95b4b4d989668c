import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openCore, type Core } from '../../electron/core/core';
import { startBrowserServer, type BrowserServer } from '../../electron/core/server/http-server';
import { rawExchange, statusOf } from '../helpers/raw-http';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();
const open: Array<{ core: Core; server: BrowserServer }> = [];
afterEach(async () => {
  for (const s of open.splice(0)) {
    await s.server.close();
    await s.core.close();
  }
});

async function serve(opts: { host?: string; allowHosts?: string[] } = {}) {
  const dir = tmp();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
  const core = openCore({ dataDir: join(dir, 'data') });
  const server = await startBrowserServer(core, { rendererDir, ...opts });
  open.push({ core, server });
  return server;
}

const connections = (s: BrowserServer) => new Promise<number>((r, j) => s.server.getConnections((e, n) => (e ? j(e) : r(n))));
const fdCount = () => readdirSync('/proc/self/fd').length;
const hasProcFds = (() => {
  try {
    readdirSync('/proc/self/fd');
    return true;
  } catch {
    return false;
  }
})();

/** A request as a hostile client writes it: whatever bytes it likes, no client library in between. */
const req = (target: string, headers: Record<string, string>) =>
  `GET ${target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

describe('browser mode answers every request and releases its socket', () => {
  it('`Host: a b` before auth gets 400 and the connection is closed', async () => {
    const s = await serve();
    const r = await rawExchange(s.port, req('/', { Host: 'a b' }));
    expect(statusOf(r.response)).toBe(400);
    expect(r.closedByServer).toBe(true);
  });

  it('`GET //[` before auth is answered (401, it parses as a path) and the connection is closed', async () => {
    const s = await serve();
    const r = await rawExchange(s.port, req('//[', { Host: `127.0.0.1:${s.port}` }));
    expect(statusOf(r.response)).toBe(401);
    expect(r.closedByServer).toBe(true);
    // With the token it is a client-side route like any other: the app, not a throw.
    const authed = await rawExchange(s.port, req('//[', { Host: `127.0.0.1:${s.port}`, Cookie: `studio_token=${s.token}`, Connection: 'close' }));
    expect(statusOf(authed.response)).toBe(200);
    // Not origin-form at all: also 400, never a throw.
    const abs = await rawExchange(s.port, req('*', { Host: `127.0.0.1:${s.port}` }));
    expect(statusOf(abs.response)).toBe(400);
  });

  it('an authenticated `GET /%E0%A4%A` gets 400 instead of hanging', async () => {
    const s = await serve();
    const r = await rawExchange(s.port, req('/%E0%A4%A', { Host: `127.0.0.1:${s.port}`, Cookie: `studio_token=${s.token}` }));
    expect(statusOf(r.response)).toBe(400);
    expect(r.closedByServer).toBe(true);
    // The same escape in a token-bearing query is authenticated by query and still answered.
    const q = await rawExchange(s.port, req(`/%E0%A4%A?token=${s.token}`, { Host: `127.0.0.1:${s.port}` }));
    expect(statusOf(q.response)).toBe(400);
  });

  it('a request without a Host header (HTTP/1.0) gets 400', async () => {
    const s = await serve();
    const r = await rawExchange(s.port, `GET /?token=${s.token} HTTP/1.0\r\n\r\n`);
    expect(statusOf(r.response)).toBe(400);
    expect(r.closedByServer).toBe(true);
  });

  it('crafted WebSocket upgrades are answered and closed too', async () => {
    const s = await serve();
    const upgrade = (target: string, host: string) =>
      rawExchange(
        s.port,
        req(target, { Host: host, Cookie: `studio_token=${s.token}`, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' }),
      );
    for (const [target, host, status] of [
      ['/api', 'a b', 400],
      ['//[', `127.0.0.1:${s.port}`, 404],
      ['/api', 'rebind.example', 403],
      ['/%E0%A4%A', `127.0.0.1:${s.port}`, 404],
    ] as const) {
      const r = await upgrade(target, host);
      expect(statusOf(r.response), `${target} Host ${host}`).toBe(status);
      expect(r.closedByServer).toBe(true);
    }
  });

  it('500 bad connections get 500 answers and leave no socket or file descriptor open', async () => {
    const s = await serve();
    const fdsBefore = hasProcFds ? fdCount() : 0;
    const bad = [
      req('/', { Host: 'a b' }),
      req('//[', { Host: `127.0.0.1:${s.port}` }),
      req('/%E0%A4%A', { Host: `127.0.0.1:${s.port}`, Cookie: `studio_token=${s.token}` }),
      req('/', { Host: 'evil.example' }),
      'NOT HTTP AT ALL\r\n\r\n',
    ];
    const results = [];
    // 100 at a time: all 500 at once would measure the test machine's listen backlog, not the server.
    for (let batch = 0; batch < 5; batch++) {
      results.push(...(await Promise.all(Array.from({ length: 100 }, (_, i) => rawExchange(s.port, bad[(batch * 100 + i) % bad.length]!)))));
    }
    expect(results.filter((r) => statusOf(r.response) === undefined)).toEqual([]);
    expect(results.filter((r) => !r.closedByServer)).toEqual([]);
    expect(results.every((r) => statusOf(r.response)! >= 400 && statusOf(r.response)! < 500)).toBe(true);
    expect(await connections(s)).toBe(0);
    // The server's own sockets are gone (a little slack for what the test runner opens meanwhile).
    if (hasProcFds) expect(fdCount() - fdsBefore).toBeLessThan(10);
  });
});

describe('the Host allow-list (DNS rebinding)', () => {
  it('refuses a Host the server was not told about, even with the token', async () => {
    const s = await serve();
    const r = await rawExchange(s.port, req(`/?token=${s.token}`, { Host: `rebind.example:${s.port}` }));
    expect(statusOf(r.response)).toBe(403);
    expect(r.response).toMatch(/rebind\.example/);
    // A trailing dot is the same name, not a way around the list.
    expect(statusOf((await rawExchange(s.port, req(`/?token=${s.token}`, { Host: 'evil.example.' }))).response)).toBe(403);
    // On loopback an IP literal other than 127.0.0.1 is not accepted either.
    expect(statusOf((await rawExchange(s.port, req(`/?token=${s.token}`, { Host: '10.0.0.1' }))).response)).toBe(403);
  });

  it('accepts localhost, 127.0.0.1 and [::1], with or without a port', async () => {
    const s = await serve();
    for (const host of [`localhost:${s.port}`, 'LOCALHOST', `127.0.0.1:${s.port}`, '[::1]', `[::1]:${s.port}`]) {
      const r = await rawExchange(s.port, req(`/?token=${s.token}`, { Host: host, Connection: 'close' }));
      expect(statusOf(r.response), host).toBe(200);
    }
  });

  it('accepts the names given with --host / --allow-host, and IP literals when serving remotely', async () => {
    const s = await serve({ host: '0.0.0.0', allowHosts: ['studio.lan'] });
    const ok = async (host: string) => statusOf((await rawExchange(s.port, req(`/?token=${s.token}`, { Host: host, Connection: 'close' }))).response);
    expect(await ok(`studio.lan:${s.port}`)).toBe(200);
    expect(await ok(`192.168.1.20:${s.port}`)).toBe(200);
    expect(await ok(`other.lan:${s.port}`)).toBe(403);
  });

  it('the WebSocket API is refused from a rebound name and served from an allowed one', async () => {
    const s = await serve();
    const attempt = (host: string) =>
      new Promise<number | 'open'>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api?token=${s.token}`, { headers: { Host: host } });
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => {});
      });
    expect(await attempt(`rebind.example:${s.port}`)).toBe(403);
    expect(await attempt(`localhost:${s.port}`)).toBe('open');
  });
});
