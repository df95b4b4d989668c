import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';
import { useTestCore } from './core-helper';
import { decodeTextFile } from '../../electron/core/datasets/text-files';

const tmp = useTmpDirs();
const core = useTestCore();

function folder(files: Record<string, string | Buffer>): string {
  const root = tmp();
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), data);
  }
  return root;
}

describe('a folder of .txt files imports as a text dataset (class per subfolder)', () => {
  it('each file becomes one text item under its folder class; bad files are skipped with their reason', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0f0' } }).png().toBuffer();
    const root = folder({
      'games/a.txt': 'A puzzle game with 40 levels\n',
      'games/b.txt': '\uFEFFStrategy game of ancient warfare',
      'sound/c.txt': 'Audio mixer for the JACK sound server',
      'sound/d.TXT': 'Music player with playlists',
      'sound/latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6d, 0x75, 0x73, 0x69, 0x63]),
      'sound/blank.txt': '  \n\t\n',
      'sound/cover.png': png,
    });
    const t = core(tmp());
    const s = await t.importAndWait(root, 'Texts');
    expect(s.status).toBe('completed');
    expect(s.items).toBe(4);
    expect(s.classes).toEqual({ games: 2, sound: 2 });
    const reasons = Object.fromEntries(s.skipped.map((k) => [k.path.slice(root.length + 1), k.reason]));
    expect(reasons).toEqual({
      'sound/latin1.txt': 'not UTF-8: invalid byte 0xe9 at offset 3 (save the file as UTF-8)',
      'sound/blank.txt': 'empty text: the file holds only whitespace',
      'sound/cover.png': expect.stringMatching(/^not a \.txt file \(\.png\): this folder is imported as texts/),
    });
    const ds = await t.call('datasets.get', { datasetId: s.datasetId });
    expect(ds.kind).toBe('text');
    const items = await t.call('datasets.items.list', { datasetId: s.datasetId, filter: {}, offset: 0, limit: 50 });
    expect(items.items.map((i) => i.text).sort()).toEqual([
      'A puzzle game with 40 levels',
      'Audio mixer for the JACK sound server',
      'Music player with playlists',
      'Strategy game of ancient warfare',
    ]);
  });

  it('a folder whose every .txt file is bad fails and leaves no dataset', async () => {
    const root = folder({ 'x/a.txt': '', 'x/b.txt': Buffer.from([0xff, 0xfe, 0x41, 0x00]) });
    const t = core(tmp());
    const s = await t.importAndWait(root);
    expect(s.status).toBe('failed');
    expect(s.error).toMatch(/^nothing was imported: all 2 files were skipped/);
    expect((await t.call('datasets.list', {})).datasets).toEqual([]);
  });

  it('a mostly-image folder stays an image import (a stray readme.txt is skipped as before)', async () => {
    const png = (c: string) => sharp({ create: { width: 8, height: 8, channels: 3, background: c } }).png().toBuffer();
    const root = folder({ 'a/1.png': await png('#f00'), 'a/2.png': await png('#0f0'), 'a/readme.txt': 'notes' });
    const t = core(tmp());
    const s = await t.importAndWait(root);
    expect(s.items).toBe(2);
    expect(s.skipped.map((k) => k.reason)).toEqual([expect.stringMatching(/^unsupported file type \.txt/)]);
  });
});

describe('decodeTextFile', () => {
  it('refuses UTF-16 and NUL bytes, keeps multi-byte UTF-8', () => {
    expect(decodeTextFile(Buffer.from('\uFEFFhé', 'utf16le'))).toEqual({ ok: false, reason: 'not UTF-8: the file is UTF-16 (save it as UTF-8)' });
    expect(decodeTextFile(Buffer.from('a\u0000b'))).toEqual({ ok: false, reason: 'not a text file: it contains NUL bytes' });
    expect(decodeTextFile(Buffer.from(' naïve café 日本 \n'))).toEqual({ ok: true, text: 'naïve café 日本' });
    expect(decodeTextFile(Buffer.from([0x61, 0xe2, 0x82]))).toEqual({ ok: false, reason: 'not UTF-8: invalid byte 0xe2 at offset 1 (save the file as UTF-8)' });
  });
});
