import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';
import { testCore, type TestCore } from './core-helper';
import { makeZip } from './zip-writer';
import Database from 'better-sqlite3';

const tmp = useTmpDirs();
let open: TestCore | undefined;
afterEach(async () => {
  await open?.core.close();
  open = undefined;
});

const png = (k: number, size = 4) =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r: k % 256, g: Math.floor(k / 256) % 256, b: 9 } } }).png().toBuffer();

/** Sends files the way the renderer does: declared up front, then chunks of at most chunkBytes. */
async function upload(t: TestCore, files: Array<{ path: string; data: Buffer }>, opts: { chunk?: number; skipLastChunkOf?: number } = {}) {
  const { uploadId, chunkBytes } = await t.call('datasets.upload.begin', { files: files.map((f) => ({ path: f.path, size: f.data.length })) });
  const size = opts.chunk ?? chunkBytes;
  for (const [i, f] of files.entries()) {
    for (let off = 0; off < f.data.length; off += size) {
      if (opts.skipLastChunkOf === i && off + size >= f.data.length) break;
      await t.call('datasets.upload.chunk', { uploadId, fileIndex: i, offset: off, data: f.data.subarray(off, off + size).toString('base64') });
    }
  }
  return uploadId;
}

describe('browser-mode upload', () => {
  it('streams files in chunks; the folder layout gives classes; short or unreadable files are skipped with the reason', async () => {
    open = testCore(tmp());
    const big = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    const files = [
      { path: 'pets/cat/big.png', data: big },
      { path: 'pets/cat/b.png', data: await png(1) },
      { path: 'pets/dog/c.png', data: await png(2) },
      { path: 'pets/loose.png', data: await png(3) },
      { path: 'pets/dog/short.png', data: await png(4, 64) },
      { path: 'pets/dog/unreadable.png', data: await png(5) },
      { path: 'pets/.DS_Store', data: Buffer.from('junk') },
    ];
    const uploadId = await upload(open, files, { chunk: 1000, skipLastChunkOf: 4 });
    const { jobId, datasetId } = await open.call('datasets.upload.end', { uploadId, failed: [{ fileIndex: 5, reason: 'NotReadableError' }] });
    const s = await open.waitFor(jobId);
    expect(s.status).toBe('completed');
    expect(s.items).toBe(4);
    expect(s.classes).toEqual({ cat: 2, dog: 1 });
    expect(s.skipped).toEqual([
      { path: 'pets/dog/short.png', reason: expect.stringMatching(/^upload incomplete: received \d+ of \d+ bytes$/) },
      { path: 'pets/dog/unreadable.png', reason: 'the browser could not read it: NotReadableError' },
    ]);
    expect((await open.call('datasets.get', { datasetId })).name).toBe('pets');
    // The temp files are gone once the import is done.
    expect(readdirSync(join(open.core.ctx.dataDir, 'tmp', 'uploads'))).toEqual([]);
    // A chunk over the limit or past the declared size is refused.
    const again = await open.call('datasets.upload.begin', { files: [{ path: 'x.png', size: 10 }] });
    expect((await open.fail('datasets.upload.chunk', { uploadId: again.uploadId, fileIndex: 0, offset: 8, data: Buffer.alloc(5).toString('base64') })).code).toBe('invalid_params');
    expect((await open.call('datasets.upload.abort', { uploadId: again.uploadId })).aborted).toBe(true);
  });

  it('a single uploaded zip is imported as a zip', async () => {
    open = testCore(tmp());
    const zip = makeZip([
      { name: 'a/1.png', data: await png(10) },
      { name: 'b/2.png', data: await png(11) },
    ]);
    const uploadId = await upload(open, [{ path: 'set.zip', data: zip }]);
    const { jobId } = await open.call('datasets.upload.end', { uploadId });
    const s = await open.waitFor(jobId);
    expect(s.classes).toEqual({ a: 1, b: 1 });
  });

  it('an uploaded CSV brings its texts but never reads files on the studio’s machine by the paths it names', async () => {
    const root = tmp();
    open = testCore(tmp());
    // A file that exists on the server, named absolutely and relatively (climbing out of the upload folder).
    const secret = join(root, 'secret.png');
    writeFileSync(secret, await png(12));
    const paths = Buffer.from(`path,label\n${secret},a\n../../../../../../..${secret},b\n`);
    const uploadId = await upload(open, [{ path: 'list.csv', data: paths }]);
    const { jobId } = await open.call('datasets.upload.end', { uploadId });
    const s = await open.waitFor(jobId);
    expect(s.items ?? 0).toBe(0);
    expect(s.skipped.map((k) => k.reason).join('\n')).toMatch(/an uploaded CSV can list texts, not image paths/);
    // Texts still come in.
    const texts = Buffer.from('text,label\ngreat film,review\nwin money now,spam\n');
    const textsId = await upload(open, [{ path: 'texts.csv', data: texts }]);
    const t = await open.waitFor((await open.call('datasets.upload.end', { uploadId: textsId })).jobId);
    expect(t.classes).toEqual({ review: 1, spam: 1 });
  });
});

describe('cancel', () => {
  it('stops an import and leaves a consistent dataset: every row has its files, nothing is half-written', async () => {
    const root = tmp();
    for (const c of ['x', 'y']) {
      mkdirSync(join(root, c));
      for (let i = 0; i < 150; i++) writeFileSync(join(root, c, `${i}.png`), await png(i + (c === 'x' ? 0 : 1000), 48));
    }
    const dataDir = tmp();
    open = testCore(dataDir);
    const { jobId, datasetId } = await open.call('datasets.import.start', { path: root });
    await new Promise<void>((resolve) => {
      const off = open!.core.ctx.events.subscribe((e, p) => {
        if (e === 'datasets.import.progress' && (p as { done: number }).done >= 20) {
          off();
          resolve();
        }
      });
    });
    expect((await open.call('datasets.import.cancel', { jobId })).cancelled).toBe(true);
    const s = await open.waitFor(jobId);
    expect(s.status).toBe('cancelled');
    expect(s.items).toBeGreaterThan(0);
    expect(s.items).toBeLessThan(300);
    const ds = await open.call('datasets.get', { datasetId });
    expect(ds.items).toBe(s.items);
    expect(ds.importing).toBe(false);
    const db = new Database(join(dataDir, 'studio.db'), { readonly: true });
    const rows = db.prepare('SELECT blob_path AS b, thumb_path AS t FROM items').all() as Array<{ b: string; t: string }>;
    db.close();
    for (const r of rows) {
      expect(existsSync(join(dataDir, r.b))).toBe(true);
      expect(existsSync(join(dataDir, r.t))).toBe(true);
    }
    // Importing the same folder again into the dataset completes it, with the first part as duplicates.
    const { jobId: again } = await open.call('datasets.import.start', { path: root, datasetId });
    const s2 = await open.waitFor(again);
    expect(s2.items + s2.duplicates).toBe(300);
    expect((await open.call('datasets.get', { datasetId })).items).toBe(300);
  });
});
