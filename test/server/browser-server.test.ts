import { mkdirSync, writeFileSync } from 'node:fs';
import { contentSecurityPolicy } from '../../shared/csp';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openCore } from '../../electron/core/core';
import { startBrowserServer } from '../../electron/core/server/http-server';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

async function setup(host?: string) {
  const dir = tmp();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
  const core = openCore({ dataDir: join(dir, 'data') });
  writeFileSync(join(dir, 'data', 'thumb.webp'), 'THUMB');
  core.ctx.files.register('thumb', (id) => (id === '7' ? { path: join(dir, 'data', 'thumb.webp'), contentType: 'image/webp' } : undefined));
  const server = await startBrowserServer(core, { rendererDir, ...(host ? { host } : {}) });
  return {
    core,
    server,
    async close() {
      await server.close();
      await core.close();
    },
  };
}

describe('browser-mode server', () => {
  it('binds to 127.0.0.1 unless told otherwise', async () => {
    const s = await setup();
    expect(s.server.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(s.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    await s.close();
    const any = await setup('0.0.0.0');
    expect(any.server.server.address()).toMatchObject({ address: '0.0.0.0' });
    await any.close();
  });

  it('answers 401 without the token, 403 with a wrong one, and serves the app and files with it', async () => {
    const s = await setup();
    const base = `http://127.0.0.1:${s.server.port}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/files/thumb/7`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(403);
    const ok = await fetch(s.server.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^studio_token=/);
    const file = await fetch(`${base}/files/thumb/7`, { headers: { cookie } });
    expect(await file.text()).toBe('THUMB');
    expect((await fetch(`${base}/files/thumb/8`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}/files/thumb/..%2F..%2Fstudio.db`, { headers: { cookie } })).status).toBe(404);
    await s.close();
  });

  it('carries the contract over WebSocket and returns typed errors for malformed frames', async () => {
    const s = await setup();
    const ws = new WebSocket(`ws://127.0.0.1:${s.server.port}/api?token=${s.server.token}`);
    await new Promise((r) => ws.once('open', r));
    const replies: unknown[] = [];
    // Resolves when the n-th frame has arrived (each frame is an event; nothing is polled).
    const waiters: Array<{ n: number; resolve: () => void }> = [];
    const frames = (n: number) => new Promise<void>((resolve) => (replies.length >= n ? resolve() : waiters.push({ n, resolve })));
    ws.on('message', (d) => {
      replies.push(JSON.parse(d.toString()));
      for (const w of waiters.filter((x) => replies.length >= x.n)) w.resolve();
    });
    ws.send('{not json');
    ws.send(JSON.stringify({ type: 'request', id: 'x' }));
    ws.send(JSON.stringify({ type: 'request', id: 3, method: 'system.ping', params: { echo: 'ok' } }));
    await frames(3);
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'invalid_params', message: expect.stringMatching(/not valid JSON/) } });
    expect(replies[1]).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(replies[2]).toMatchObject({ id: 3, ok: true, result: { echo: 'ok' } });
    s.core.ctx.events.emit('runs.changed', { runId: 5 });
    await frames(4);
    expect(replies[3]).toEqual({ type: 'event', event: 'runs.changed', payload: { runId: 5 } });
    ws.close();
    await s.close();
  });
});
