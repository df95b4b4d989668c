import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Serves repos in the hub's URL layout: the model-info API, resolve/<rev>/<file>, and a CDN the LFS files redirect to. */
export interface FakeFile {
  name: string;
  data: Buffer;
  lfs: boolean;
}

export interface FakeRepo {
  id: string;
  sha: string;
  files: FakeFile[];
  gated?: boolean;
}

export interface SeenRequest {
  method: string;
  path: string;
  range?: string;
}

export function gitBlobId(data: Buffer): string {
  return createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A real (tiny) safetensors file: one F32 tensor of `floats` random values. */
export function tinySafetensors(floats: number): Buffer {
  const header = JSON.stringify({ __metadata__: { format: 'pt' }, weight: { dtype: 'F32', shape: [floats], data_offsets: [0, floats * 4] } });
  const padded = header + ' '.repeat((8 - (header.length % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(padded.length));
  return Buffer.concat([len, Buffer.from(padded), randomBytes(floats * 4)]);
}

export class FakeHub {
  readonly requests: SeenRequest[] = [];
  /** file name → bytes after which the next GET of it drops the connection (consumed once). */
  readonly dropAfter = new Map<string, number>();
  /** Files served with a flipped byte (headers and listing still carry the true checksum). */
  readonly corrupt = new Set<string>();
  /** Answer 200 with the whole file even when asked for a Range (some proxies do). */
  ignoreRange = false;
  /** Listing without size/blobId/lfs, as a plain `api/models/.../revision/...` call returns. */
  bareListing = false;
  /** Milliseconds between 64 KiB chunks of LFS bodies (0 = all at once). */
  chunkDelayMs = 0;
  /** When set, LFS bodies pause after their first 64 KiB chunk until it settles: a test can look at a
   * download mid-way for as long as it needs, then let it finish (no timing window to hit). */
  holdAfterFirstChunk: Promise<void> | null = null;
  private server: Server;
  url = '';

  constructor(readonly repos: FakeRepo[]) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  rangeRequests(file: string): SeenRequest[] {
    const f = this.findFile(file);
    // LFS bodies come from the CDN; the Range header also rides along on the redirecting request, which is not counted.
    const bodyPath = (p: string) => (f?.lfs ? p === `/cdn/${sha256(f.data)}` : p.endsWith(`/${file}`));
    return this.requests.filter((r) => r.method === 'GET' && r.range && bodyPath(r.path));
  }

  private findFile(name: string): FakeFile | undefined {
    for (const r of this.repos) for (const f of r.files) if (f.name === name) return f;
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    this.requests.push({ method: req.method ?? '', path, range: req.headers.range });

    const api = /^\/api\/models\/(.+)\/revision\/([^/]+)$/.exec(path);
    if (api) {
      const repo = this.repos.find((r) => r.id === api[1]);
      if (!repo) return this.error(res, 404, 'RepoNotFound');
      if (repo.gated) return this.error(res, 401, 'GatedRepo');
      if (api[2] !== 'main' && api[2] !== repo.sha) return this.error(res, 404, 'RevisionNotFound');
      const siblings = repo.files.map((f) =>
        this.bareListing
          ? { rfilename: f.name }
          : { rfilename: f.name, size: f.data.length, blobId: gitBlobId(f.data), ...(f.lfs ? { lfs: { sha256: sha256(f.data), size: f.data.length, pointerSize: 134 } } : {}) },
      );
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ id: repo.id, modelId: repo.id, sha: repo.sha, siblings }));
    }

    const resolve = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (resolve) {
      const repo = this.repos.find((r) => r.id === resolve[1]);
      if (!repo) return this.error(res, 404, 'RepoNotFound');
      if (repo.gated) return this.error(res, 401, 'GatedRepo');
      const file = repo.files.find((f) => f.name === resolve[3]);
      if (!file) return this.error(res, 404, 'EntryNotFound');
      if (file.lfs) {
        // Like the hub: the LFS checksum rides on the redirect, the CDN answers with its own ETag.
        res.writeHead(302, {
          Location: `/cdn/${sha256(file.data)}`,
          'X-Linked-Etag': `"${sha256(file.data)}"`,
          'X-Linked-Size': String(file.data.length),
          'X-Repo-Commit': repo.sha,
          ETag: `"${gitBlobId(file.data)}"`,
          'Content-Length': '0',
        });
        return void res.end();
      }
      return this.serveBody(req, res, file, { ETag: `"${gitBlobId(file.data)}"`, 'X-Repo-Commit': repo.sha });
    }

    const cdn = /^\/cdn\/([0-9a-f]{64})$/.exec(path);
    if (cdn) {
      const file = this.repos.flatMap((r) => r.files).find((f) => f.lfs && sha256(f.data) === cdn[1]);
      if (!file) return this.error(res, 404, 'EntryNotFound');
      return this.serveBody(req, res, file, { ETag: `"cdn-${cdn[1].slice(0, 12)}"` });
    }
    this.error(res, 404, 'NotFound');
  }

  private error(res: ServerResponse, status: number, code: string): void {
    res.writeHead(status, { 'X-Error-Code': code, 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: code }));
  }

  private async serveBody(req: IncomingMessage, res: ServerResponse, file: FakeFile, headers: Record<string, string>): Promise<void> {
    let body = file.data;
    if (this.corrupt.has(file.name)) {
      body = Buffer.from(body);
      body[body.length >> 1] ^= 0xff;
    }
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m && !this.ignoreRange) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` });
        return void res.end();
      }
      res.writeHead(206, { ...headers, 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`, 'Content-Length': String(body.length - start) });
    } else {
      res.writeHead(200, { ...headers, 'Accept-Ranges': 'bytes', 'Content-Length': String(body.length) });
    }
    if (req.method === 'HEAD') return void res.end();
    const rest = body.subarray(start);
    const drop = req.method === 'GET' ? this.dropAfter.get(file.name) : undefined;
    if (drop !== undefined) {
      this.dropAfter.delete(file.name);
      await write(res, rest.subarray(0, drop));
      // Give the bytes time to leave before cutting the connection mid-body.
      await new Promise((r) => setTimeout(r, 50));
      res.socket?.destroy();
      return;
    }
    if ((this.chunkDelayMs > 0 || this.holdAfterFirstChunk) && file.lfs) {
      for (let i = 0; i < rest.length && !res.destroyed; i += 65536) {
        await write(res, rest.subarray(i, i + 65536));
        if (i === 0 && this.holdAfterFirstChunk) await this.holdAfterFirstChunk;
        if (this.chunkDelayMs > 0) await new Promise((r) => setTimeout(r, this.chunkDelayMs));
      }
      return void res.end();
    }
    res.end(rest);
  }
}

function write(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (res.write(chunk)) resolve();
    else res.once('drain', () => resolve());
    res.once('close', () => resolve());
  });
}

export function makeTinyRepo(id = 'acme/tiny-vit', floats = 512 * 1024): FakeRepo {
  const config = Buffer.from(JSON.stringify({ architecture: 'vit_tiny', num_features: 8, model_args: { embed_dim: 8 } }, null, 2));
  const preproc = Buffer.from(JSON.stringify({ image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5], size: 224 }));
  return {
    id,
    sha: createHash('sha1').update(id).digest('hex'),
    files: [
      { name: 'config.json', data: config, lfs: false },
      { name: 'preprocessor_config.json', data: preproc, lfs: false },
      { name: 'model.safetensors', data: tinySafetensors(floats), lfs: true },
      { name: 'README.md', data: Buffer.from('# tiny\n'), lfs: false },
    ],
  };
}
