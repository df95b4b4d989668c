import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Core } from '../core';
import { authorize } from './auth';
import { sendFile, serveStatic } from './static';
import { attachWsTransport, wsMaxPayload } from './ws-transport';
import { newAccessToken } from './token';

export interface BrowserServer {
  url: string;
  host: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

export interface ServeOptions {
  host?: string;
  port?: number;
  rendererDir: string;
  token?: string;
}

/** Browser mode: the built renderer over HTTP and the API over WebSocket, both behind the access token. */
export async function startBrowserServer(core: Core, opts: ServeOptions): Promise<BrowserServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newAccessToken();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const auth = authorize(req, token, url, { checkOrigin: req.method !== 'GET' && req.method !== 'HEAD' });
    if (!auth.ok) {
      res.writeHead(auth.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${auth.status} ${auth.reason}\n`);
      return;
    }
    if (auth.via === 'query') {
      res.setHeader('Set-Cookie', `studio_token=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const files = url.pathname.match(/^\/files\/([^/]+)\/([^/]+)$/);
    if (files) {
      const found = core.ctx.files.resolve(files[1]!, files[2]!);
      if (!found || !sendFile(res, found.path, found.contentType, 'private, max-age=3600')) res.writeHead(404).end('Not found');
      return;
    }
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    serveStatic(res, opts.rendererDir, url.pathname);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: wsMaxPayload });
  attachWsTransport(wss, core);
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const auth = url.pathname === '/api' ? authorize(req, token, url, { checkOrigin: true }) : ({ ok: false, status: 403, reason: 'Unknown path.' } as const);
    if (!auth.ok) {
      socket.end(`HTTP/1.1 ${auth.status} ${auth.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    host,
    port,
    token,
    server,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
