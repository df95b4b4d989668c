import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** The worker's side of the coordinator's data server (blob-server.ts). */
export interface Transfer {
  /** The file with this hash at `dest` (fetched unless already there), verified. */
  fetchBlob(sha256: string, dest: string): Promise<void>;
  /** A feature pack, or null when no worker has uploaded it yet. */
  fetchFeatures(key: string): Promise<Buffer | null>;
  upload(kind: 'blob' | 'features', key: string, file: string): Promise<void>;
}

/** `baseUrl` is asked each time: the coordinator publishes a new address when it restarts. */
export function createTransfer(baseUrl: () => Promise<string>, token: string): Transfer {
  const headers = { authorization: `Bearer ${token}` };
  async function get(path: string): Promise<Response> {
    const res = await fetch(`${await baseUrl()}${path}`, { headers });
    if (res.status === 401 || res.status === 403) throw new Error(`The coordinator refused this worker's token (${res.status}): start it with the coordinator's --token.`);
    return res;
  }
  return {
    async fetchBlob(sha256, dest) {
      if (existsSync(dest)) return;
      const res = await get(`/sweep/blob/${sha256}`);
      if (!res.ok || !res.body) throw new Error(`The coordinator has no file ${sha256.slice(0, 12)}… (${res.status}).`);
      mkdirSync(dirname(dest), { recursive: true });
      const tmp = `${dest}.${process.pid}.tmp`;
      const hash = createHash('sha256');
      const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
      body.on('data', (b: Buffer) => hash.update(b));
      try {
        await pipeline(body, createWriteStream(tmp));
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      }
      // Cached by hash means trusted by hash: a file that does not match is never kept.
      if (hash.digest('hex') !== sha256) {
        rmSync(tmp, { force: true });
        throw new Error(`The file fetched for ${sha256.slice(0, 12)}… does not match its hash.`);
      }
      renameSync(tmp, dest);
    },
    async fetchFeatures(key) {
      const res = await get(`/sweep/features/${key}`);
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`Fetching features ${key.slice(0, 12)}… failed (${res.status}).`);
      return Buffer.from(await res.arrayBuffer());
    },
    async upload(kind, key, file) {
      const url = new URL(`${await baseUrl()}/sweep/${kind}/${key}`);
      const bytes = statSync(file).size;
      await new Promise<void>((resolve, reject) => {
        const req = request(url, { method: 'PUT', headers: { ...headers, 'content-length': bytes } }, (res) => {
          res.resume();
          res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`Upload of ${kind} ${key.slice(0, 12)}… refused (${res.statusCode}).`))));
        });
        req.on('error', reject);
        createReadStream(file).on('error', reject).pipe(req);
      });
    },
  };
}
