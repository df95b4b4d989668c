import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Core } from '../core';
import { authorize } from './auth';
import { checkHost, type HostPolicy } from './host-check';
import { decodePathname, parseRequestTarget } from './request-url';
import { sendFile, serveStatic } from './static';
import { contentSecurityPolicy } from '../../../shared/csp';

export interface RequestContext {
  core: Core;
  token: string;
  rendererDir: string;
  hosts: HostPolicy;
  scheme: 'http' | 'https';
  log: (msg: string) => void;
}

const csp = contentSecurityPolicy;

const statusText: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

/** Every refusal is answered and closes the connection, so a client that sends garbage holds no socket. */
export function refuse(res: ServerResponse, status: number, reason: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(`${status} ${reason}\n`);
}

/** The same for a raw socket (a refused WebSocket upgrade), where there is no response object. */
export function refuseSocket(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) {
    const body = `${status} ${reason}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  // end() waits for the peer; a peer that never reads must not keep the socket either.
  setTimeout(() => socket.destroy(), 2000).unref();
}

/** Host allow-list, then a parseable target, then the token: the order in which a request earns trust. */
export function admit(
  req: IncomingMessage,
  rc: RequestContext,
  opts: { checkOrigin: boolean },
): { ok: true; url: URL; via: 'query' | 'cookie' } | { ok: false; status: number; reason: string } {
  const host = checkHost(req.headers.host, rc.hosts);
  if (!host.ok) return host;
  const url = parseRequestTarget(req.url);
  if (!url) return { ok: false, status: 400, reason: 'Malformed request target.' };
  const auth = authorize(req, rc.token, url, { checkOrigin: opts.checkOrigin, scheme: rc.scheme });
  if (!auth.ok) return auth;
  return { ok: true, url, via: auth.via };
}

function handle(req: IncomingMessage, res: ServerResponse, rc: RequestContext): void {
  const admitted = admit(req, rc, { checkOrigin: req.method !== 'GET' && req.method !== 'HEAD' });
  if (!admitted.ok) {
    refuse(res, admitted.status, admitted.reason);
    return;
  }
  const { url } = admitted;
  if (admitted.via === 'query') {
    res.setHeader('Set-Cookie', `studio_token=${rc.token}; HttpOnly; SameSite=Strict; Path=/${rc.scheme === 'https' ? '; Secure' : ''}`);
  }
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const pathname = decodePathname(url.pathname);
  if (pathname === undefined) {
    refuse(res, 400, 'Malformed path.');
    return;
  }
  const files = url.pathname.match(/^\/files\/([^/]+)\/([^/]+)$/);
  if (files) {
    const found = rc.core.ctx.files.resolve(files[1]!, files[2]!);
    if (!found || !sendFile(res, found.path, found.contentType, 'private, max-age=3600')) refuse(res, 404, 'Not found.');
    return;
  }
  res.setHeader('Content-Security-Policy', csp);
  serveStatic(res, rc.rendererDir, pathname);
}

/** The HTTP side of browser mode. Nothing a client sends may throw past it or leave a request unanswered. */
export function createRequestHandler(rc: RequestContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      handle(req, res, rc);
    } catch (err) {
      rc.log(`browser mode: request failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      refuse(res, 500, 'Internal error.');
    }
  };
}
