import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core';
import { isLoopbackHost, normaliseHostName, type HostPolicy } from './host-check';
import { createPathPolicy, type PathPolicy } from './path-policy';
import { admit, createRequestHandler, refuseSocket, type RequestContext } from './request-handler';
import { attachWsTransport, wsMaxPayload } from './ws-transport';
import { newAccessToken } from './token';

export interface BrowserServer {
  url: string;
  host: string;
  port: number;
  token: string;
  /** Whether it listens on an address other machines can reach. */
  remote: boolean;
  tls: boolean;
  paths: PathPolicy;
  server: HttpServer | HttpsServer;
  close(): Promise<void>;
}

export interface ServeOptions {
  host?: string;
  port?: number;
  rendererDir: string;
  token?: string;
  /** Host-header names accepted besides localhost, 127.0.0.1, [::1] and the --host name. */
  allowHosts?: readonly string[];
  /** Folders the API may write into besides `<data>/exports`. */
  exportDirs?: readonly string[];
  /** Folders the API may read; given any, reads are confined even on loopback. */
  readDirs?: readonly string[];
  /** PEM certificate and key: serve HTTPS so the token does not travel in clear text. */
  tls?: { cert: Buffer | string; key: Buffer | string };
  log?: (msg: string) => void;
}

/** Names in a Host header this server answers to; see host-check.ts for why IP literals are safe off loopback. */
function hostPolicy(host: string, remote: boolean, allowHosts: readonly string[]): HostPolicy {
  const bound = normaliseHostName(host);
  const wildcard = bound === '0.0.0.0' || bound === '::';
  return { extraNames: [...(wildcard ? [] : [bound]), ...allowHosts.map(normaliseHostName)], anyIpLiteral: remote };
}

// Slow or silent clients must not hold sockets for Node's defaults (60 s headers, 300 s request).
const headersTimeoutMs = 20_000;
const requestTimeoutMs = 60_000;

/** Browser mode: the built renderer over HTTP and the API over WebSocket, both behind the access token. */
export async function startBrowserServer(core: Core, opts: ServeOptions): Promise<BrowserServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newAccessToken();
  const log = opts.log ?? (() => {});
  const remote = !isLoopbackHost(host);
  const scheme = opts.tls ? 'https' : 'http';
  const paths = createPathPolicy({
    dataDir: core.ctx.dataDir,
    exportDirs: opts.exportDirs ?? [],
    readDirs: opts.readDirs ?? [],
    confineReads: remote || (opts.readDirs?.length ?? 0) > 0,
  });
  const rc: RequestContext = { core, token, rendererDir: opts.rendererDir, hosts: hostPolicy(host, remote, opts.allowHosts ?? []), scheme, log };
  const onRequest = createRequestHandler(rc);
  const server = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest) : createHttpServer(onRequest);
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = requestTimeoutMs;

  // ws is read here, not at the top: every studio command loads this module (the CLI's one entry), only serve needs ws.
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ noServer: true, maxPayload: wsMaxPayload });
  attachWsTransport(wss, core, { paths });
  server.on('upgrade', (req, socket, head) => {
    // After an upgrade the socket is ours: without a listener a reset would be an uncaught error.
    socket.on('error', () => socket.destroy());
    try {
      const admitted = admit(req, rc, { checkOrigin: true });
      if (!admitted.ok) return refuseSocket(socket, admitted.status, admitted.reason);
      if (admitted.url.pathname !== '/api') return refuseSocket(socket, 404, 'Unknown path.');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch (err) {
      log(`browser mode: upgrade failed: ${err instanceof Error ? err.message : String(err)}`);
      refuseSocket(socket, 400, 'Bad request.');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${scheme}://${shownHost}:${port}/?token=${token}`,
    host,
    port,
    token,
    remote,
    tls: Boolean(opts.tls),
    paths,
    server,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
