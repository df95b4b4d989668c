import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';
import { testCore, type TestCore } from './core-helper';
import { makeZip } from './zip-writer';

const tmp = useTmpDirs();
let open: TestCore | undefined;
afterEach(async () => {
  await open?.core.close();
  open = undefined;
});

function unsupportedFolder(): string {
  const root = tmp();
  mkdirSync(join(root, 'docs'));
  writeFileSync(join(root, 'docs', 'a.md'), 'notes\n');
  writeFileSync(join(root, 'docs', 'b.md'), 'more notes\n');
  writeFileSync(join(root, 'c.pdf'), '%PDF-1.4\n%%EOF\n');
  return root;
}

describe('an import that brings in nothing leaves no empty dataset', () => {
  it('a folder of only unsupported files fails with the commonest reason; the skip list is kept in the summary', async () => {
    const root = unsupportedFolder();
    open = testCore(tmp());
    const s = await open.importAndWait(root);
    expect(s.status).toBe('failed');
    expect(s.error).toMatch(/^nothing was imported: all 3 files were skipped \(most often, 2 of them: unsupported file type \.md/);
    expect(s.skipped).toHaveLength(3);
    expect(s.items).toBe(0);
    expect((await open.call('datasets.list', {})).datasets).toEqual([]);
  });

  it('an empty folder, and a zip of nothing but unsafe entries, fail the same way', async () => {
    open = testCore(tmp());
    const empty = tmp();
    const a = await open.importAndWait(empty);
    expect(a.status).toBe('failed');
    expect(a.error).toBe(`nothing was imported: no files found in ${empty}`);
    const zip = join(tmp(), 'evil.zip');
    writeFileSync(zip, makeZip([{ name: '../../x.png', data: await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } }).png().toBuffer() }]));
    const b = await open.importAndWait(zip);
    expect(b.status).toBe('failed');
    expect(b.error).toBe('nothing was imported: the only file was skipped (unsafe zip entry: its path climbs out of the archive with ../)');
    const broken = join(tmp(), 'broken.zip');
    writeFileSync(broken, 'PK but not really');
    expect((await open.importAndWait(broken)).status).toBe('failed');
    expect((await open.call('datasets.list', {})).datasets).toEqual([]);
  });

  it('adding nothing to an existing dataset keeps that dataset', async () => {
    const good = tmp();
    writeFileSync(join(good, 'a.png'), await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } }).png().toBuffer());
    open = testCore(tmp());
    const first = await open.importAndWait(good);
    const { jobId } = await open.call('datasets.import.start', { path: unsupportedFolder(), datasetId: first.datasetId });
    const s = await open.waitFor(jobId);
    expect(s.status).toBe('completed');
    expect(s.items).toBe(0);
    expect((await open.call('datasets.get', { datasetId: first.datasetId })).items).toBe(1);
  });

  it('studio import exits non-zero with a one-line reason, prints nothing on stdout and leaves no dataset', () => {
    const dataDir = tmp();
    const r = spawnSync(process.execPath, ['bin/studio.mjs', '--data-dir', dataDir, 'import', unsupportedFolder(), '--json'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n').filter((l) => !/^import \[/.test(l));
    expect(lines).toEqual([expect.stringMatching(/^studio: Import failed: nothing was imported: all 3 files were skipped \(most often, 2 of them: unsupported file type \.md/)]);
    const db = new Database(join(dataDir, 'studio.db'), { readonly: true });
    const n = (db.prepare('SELECT COUNT(*) AS n FROM datasets').get() as { n: number }).n;
    db.close();
    expect(n).toBe(0);
  });
});
