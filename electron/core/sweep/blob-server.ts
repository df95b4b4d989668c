import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { tokenMatches } from '../server/token';

/** Largest upload taken (a full fine-tune checkpoint of a ViT-B is ~1 GB with its optimizer state). */
const maxUploadBytes = 4 * 1024 ** 3;

export interface BlobServer {
  url: string;
  close(): Promise<void>;
}

export interface BlobServerOptions {
  host: string;
  port: number;
  advertiseHost: string;
  token: string;
  /** Where uploads land, one file per hash: checkpoints and models under blobs/, feature packs under features/. */
  uploadDir: string;
  /** A stored file with this sha256 (an item, a backbone file), or null. */
  resolve(sha256: string): string | null;
  log(msg: string): void;
}

const hex64 = /^[0-9a-f]{64}$/;

/**
 * What workers fetch and upload, by content hash, behind the same kind of access token as browser
 * mode (here as a Bearer header: workers are programs, not browsers). A worker never learns a path
 * of the coordinator; an upload is kept only when its bytes hash to the name it was sent under.
 *   GET/PUT /sweep/blob/<sha256>      items, backbone files, checkpoints, models
 *   GET/PUT /sweep/features/<key>     a pack of frozen-trunk features one worker computed for others
 */
export async function startBlobServer(o: BlobServerOptions): Promise<BlobServer> {
  const dirs = { blob: join(o.uploadDir, 'blobs'), features: join(o.uploadDir, 'features') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      o.log(`sweep data server: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  server.requestTimeout = 0; // uploads of large checkpoints take as long as they take; the socket idles out instead
  server.timeout = 120_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization ?? '';
    if (!tokenMatches(o.token, auth.startsWith('Bearer ') ? auth.slice(7) : null)) return send(res, auth ? 403 : 401, auth ? 'Wrong access token.' : 'Access token required.');
    const m = /^\/sweep\/(blob|features)\/([^/?]+)$/.exec(req.url ?? '');
    if (!m || !hex64.test(m[2]!)) return send(res, 404, 'Unknown path.');
    const kind = m[1] as 'blob' | 'features';
    const key = m[2]!;
    const uploaded = join(dirs[kind], key);
    if (req.method === 'GET' || req.method === 'HEAD') {
      const path = existsSync(uploaded) ? uploaded : kind === 'blob' ? o.resolve(key) : null;
      if (!path || !existsSync(path)) return send(res, 404, `No ${kind} ${key}.`);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(path).size });
      if (req.method === 'HEAD') return void res.end();
      await pipeline(createReadStream(path), res);
      return;
    }
    if (req.method !== 'PUT') return send(res, 405, 'GET, HEAD or PUT.');
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (!(declared >= 0) || declared > maxUploadBytes) return send(res, 413, 'Upload too large or without a length.');
    if (existsSync(uploaded)) {
      req.resume();
      return send(res, 200, 'Already here.');
    }
    const tmp = `${uploaded}.${process.pid}.${Date.now()}.tmp`;
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (b: Buffer) => {
      hash.update(b);
      bytes += b.length;
    });
    try {
      await pipeline(req, createWriteStream(tmp));
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    // Feature packs are named by what they were computed from, not by their bytes; blobs by their bytes.
    if (bytes !== declared || (kind === 'blob' && hash.digest('hex') !== key)) {
      rmSync(tmp, { force: true });
      return send(res, 400, 'The upload does not match its name or length.');
    }
    renameSync(tmp, uploaded);
    send(res, 201, 'Stored.');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = o.advertiseHost.includes(':') ? `[${o.advertiseHost}]` : o.advertiseHost;
  return {
    url: `http://${host}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
