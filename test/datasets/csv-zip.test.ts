import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';
import { solidPng, useTestCore } from './core-helper';
import { makeZip } from './zip-writer';

const tmp = useTmpDirs();
const newCore = useTestCore();
const png = solidPng;

describe('CSV import', () => {
  it('path,label: paths relative to the CSV; each bad row skipped with its row number and reason', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'imgs'));
    writeFileSync(join(dir, 'imgs', 'a.png'), await png(8, '#f00'));
    writeFileSync(join(dir, 'imgs', 'b.png'), await png(9, '#0f0'));
    writeFileSync(join(dir, 'imgs', 'c.png'), await png(10, '#00f'));
    writeFileSync(join(dir, 'imgs', 'bad.png'), 'not really a png');
    const csv = join(dir, 'labels.csv');
    writeFileSync(
      csv,
      ['path,label', 'imgs/a.png,red', 'imgs/b.png,green', 'imgs/missing.png,red', 'imgs/c.png,blue,extra', ',red', 'imgs/bad.png,red', 'imgs/c.png,', 'imgs/a.png,red'].join('\n') + '\n',
    );
    const open = newCore(tmp());
    const s = await open.importAndWait(csv);
    expect(s.status).toBe('completed');
    expect(s.items).toBe(3);
    expect(s.classes).toEqual({ red: 1, green: 1 });
    expect(s.duplicates).toBe(1);
    expect(s.skipped).toEqual([
      { path: `${csv} (row 4)`, reason: 'row 4: file not found: imgs/missing.png' },
      { path: `${csv} (row 5)`, reason: 'row 5: expected 2 columns (path,label), found 3' },
      { path: `${csv} (row 6)`, reason: 'row 6: empty path' },
      { path: join(dir, 'imgs', 'bad.png'), reason: 'not an image: named .png but the content is text' },
    ]);
    const unlabeled = await open.call('datasets.items.list', { datasetId: s.datasetId, filter: { label: 'unlabeled' } });
    expect(unlabeled.items.map((i) => i.name)).toEqual(['c.png']);
  });

  it('text,label makes a text dataset; an unclosed quote costs only its own row', async () => {
    const dir = tmp();
    const csv = join(dir, 'reviews.csv');
    writeFileSync(csv, 'text,label\n"great product, works",pos\nawful,neg\nfine,pos\n"never closed,neg\nlost,pos\n');
    const open = newCore(tmp());
    const s = await open.importAndWait(csv);
    expect(s.items).toBe(4);
    expect(s.classes).toEqual({ pos: 3, neg: 1 });
    expect(s.skipped).toEqual([{ path: `${csv} (row 5)`, reason: expect.stringMatching(/^row 5: unbalanced quote/) }]);
    const ds = await open.call('datasets.get', { datasetId: s.datasetId });
    expect(ds.kind).toBe('text');
    const page = await open.call('datasets.items.list', { datasetId: s.datasetId, filter: { search: 'PRODUCT' } });
    expect(page.items.map((i) => i.text)).toEqual(['great product, works']);
  });
});

describe('zip import', () => {
  it('reads a zip like a folder (wrapping folder dropped, class per top folder); bad entries are skipped with reasons', async () => {
    const dir = tmp();
    const zip = join(dir, 'flowers.zip');
    writeFileSync(
      zip,
      makeZip([
        { name: 'flowers/rose/1.png', data: await png(8, '#f00') },
        { name: 'flowers/rose/2.png', data: await png(9, '#f01') },
        { name: 'flowers/tulip/1.png', data: await png(10, '#ff0') },
        { name: 'flowers/loose.png', data: await png(11, '#0ff') },
        { name: 'flowers/tulip/secret.png', data: await png(12, '#000'), encrypted: true },
        { name: 'flowers/tulip/crc.png', data: await png(13, '#111'), corrupt: true },
        { name: 'flowers/tulip/readme.txt', data: Buffer.from('hello') },
        { name: '__MACOSX/flowers/._1.png', data: Buffer.from('junk') },
      ]),
    );
    const open = newCore(tmp());
    const s = await open.importAndWait(zip);
    expect(s.status).toBe('completed');
    expect(s.items).toBe(4);
    expect(s.classes).toEqual({ rose: 2, tulip: 1 });
    const reasons = Object.fromEntries(s.skipped.map((k) => [k.path.replace(`${zip}:`, ''), k.reason]));
    expect(reasons).toEqual({
      'flowers/tulip/secret.png': 'encrypted zip entry (password-protected zips are not supported)',
      'flowers/tulip/crc.png': expect.stringMatching(/^corrupt zip entry: /),
      'flowers/tulip/readme.txt': expect.stringMatching(/^unsupported file type \.txt/),
    });
  });

  it('a file that is not a zip fails the import with a one-line reason, not a crash', async () => {
    const dir = tmp();
    const zip = join(dir, 'broken.zip');
    writeFileSync(zip, 'PK but not really');
    const open = newCore(tmp());
    const s = await open.importAndWait(zip);
    expect(s.status).toBe('failed');
    expect(s.error).toMatch(/^not a readable zip file/);
  });
});
