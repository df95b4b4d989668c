import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBlobServer, type BlobServer } from '../../electron/core/sweep/blob-server';
import { createTransfer } from '../../electron/core/sweep/transfer';
import { useTmpDirs } from '../helpers/tmp';

const token = 'blob-test-token-0123456789';
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const tmp = useTmpDirs();
let server: BlobServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(files: Record<string, string> = {}) {
  const dir = tmp();
  server = await startBlobServer({ host: '127.0.0.1', port: 0, advertiseHost: '127.0.0.1', token, uploadDir: dir, resolve: (h) => files[h] ?? null, log: () => {} });
  return { dir, url: server.url };
}

describe("the coordinator's data server", () => {
  it('serves files by hash only to the token, keeps an upload only when its bytes hash to its name', async () => {
    const src = join(tmp(), 'item.png');
    writeFileSync(src, 'pixels');
    const { dir, url } = await start({ [sha('pixels')]: src });
    const get = (path: string, auth?: string) => fetch(`${url}${path}`, auth ? { headers: { authorization: auth } } : {});
    expect((await get(`/sweep/blob/${sha('pixels')}`)).status).toBe(401);
    expect((await get(`/sweep/blob/${sha('pixels')}`, 'Bearer wrong-token-wrong-token')).status).toBe(403);
    const ok = await get(`/sweep/blob/${sha('pixels')}`, `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('pixels');
    // Only 64-hex names: a path is never taken from the request.
    expect((await get('/sweep/blob/..%2F..%2Fstudio.db', `Bearer ${token}`)).status).toBe(404);
    expect((await get(`/sweep/blob/${sha('absent')}`, `Bearer ${token}`)).status).toBe(404);

    const put = (name: string, body: string) => fetch(`${url}/sweep/blob/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body });
    expect((await put(sha('checkpoint'), 'tampered')).status).toBe(400);
    expect(existsSync(join(dir, 'blobs', sha('checkpoint')))).toBe(false);
    expect((await put(sha('checkpoint'), 'checkpoint')).status).toBe(201);
    expect(readFileSync(join(dir, 'blobs', sha('checkpoint')), 'utf8')).toBe('checkpoint');
  });

  it("a worker's transfer fetches by hash into its cache, refuses a wrong token in words, and finds no feature pack as null", async () => {
    const src = join(tmp(), 'weights.bin');
    writeFileSync(src, Buffer.alloc(300_000, 7));
    const h = sha(readFileSync(src));
    const { url } = await start({ [h]: src });
    const cache = join(tmp(), 'cache', h);
    const t = createTransfer(async () => url, token);
    await t.fetchBlob(h, cache);
    expect(sha(readFileSync(cache))).toBe(h);
    expect(await t.fetchFeatures(sha('nothing'))).toBeNull();
    const file = join(tmp(), 'pack.bin');
    writeFileSync(file, 'pack');
    await t.upload('features', sha('key'), file);
    expect((await t.fetchFeatures(sha('key')))!.toString()).toBe('pack');
    await expect(createTransfer(async () => url, 'not-the-token-at-all').fetchBlob(h, join(tmp(), 'x'))).rejects.toThrow(/refused this worker's token \(403\)/);
  });
});
