import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { makeZip } from '../datasets/zip-writer';
import { bmp24 } from './bad-input-fixture';

/** One source of the bad-input corpus beyond the folder fixture: what a correct import keeps and skips. */
export interface CorpusSource {
  path: string;
  /** Good items by the path the import reports, with the class each must end up with (null = unlabeled). */
  good: Record<string, string | null>;
  /** Skips by reported path, each with its reason. */
  skips: Record<string, RegExp>;
  /** Classes claimed by each conflict (same bytes under different classes). */
  conflicts: string[][];
}

const img = (w: number, color: string, format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' = 'png') =>
  sharp({ create: { width: w, height: w, channels: 3, background: color } })[format]().toBuffer();

/**
 * A zip with good entries in class folders beside every unsafe or broken kind of entry issue 15
 * names: `../` and absolute names, symlink entries, a bomb by ratio, overlapping data, plus
 * encrypted, corrupt, empty and non-image entries, and one image under two classes.
 */
export async function buildZipCorpus(dir: string): Promise<CorpusSource> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'corpus.zip');
  const both = await img(14, '#808');
  const files = [
    { name: 'set/rose/1.png', data: await img(8, '#f00') },
    { name: 'set/rose/2.jpg', data: await img(9, '#f11', 'jpeg') },
    { name: 'set/rose/3.bmp', data: bmp24(5, 4, [200, 10, 10]) },
    { name: 'set/tulip/1.webp', data: await img(10, '#ff0', 'webp') },
    { name: 'set/tulip/2.gif', data: await img(11, '#ee0', 'gif') },
    { name: 'set/tulip/deep/3.tif', data: await img(12, '#dd0', 'tiff') },
    { name: 'set/loose.png', data: await img(13, '#0ff') },
    { name: 'set/rose/both.png', data: both },
    { name: 'set/tulip/both.png', data: both },
    { name: '../escape.png', data: await img(15, '#010') },
    { name: '/abs/path.png', data: await img(16, '#020') },
    { name: 'set/rose/link.png', data: Buffer.from('../../etc/passwd'), mode: 0o120777 },
    { name: 'set/tulip/bomb.bmp', data: Buffer.alloc(20 * 2 ** 20) },
    { name: 'set/tulip/overlap.png', data: await img(8, '#f00'), sameDataAs: 0 },
    { name: 'set/rose/secret.png', data: await img(17, '#030'), encrypted: true },
    { name: 'set/rose/crc.png', data: await img(18, '#040'), corrupt: true },
    { name: 'set/rose/empty.png', data: Buffer.alloc(0) },
    { name: 'set/tulip/readme.txt', data: Buffer.from('hello\n') },
  ];
  writeFileSync(path, makeZip(files));
  const at = (n: string) => `${path}:${n}`;
  return {
    path,
    good: {
      [at('set/rose/1.png')]: 'rose',
      [at('set/rose/2.jpg')]: 'rose',
      [at('set/rose/3.bmp')]: 'rose',
      [at('set/tulip/1.webp')]: 'tulip',
      [at('set/tulip/2.gif')]: 'tulip',
      [at('set/tulip/deep/3.tif')]: 'tulip',
      [at('set/loose.png')]: null,
      [at('set/rose/both.png')]: null,
    },
    skips: {
      [at('../escape.png')]: /^unsafe zip entry: its path climbs out/,
      [at('/abs/path.png')]: /^unsafe zip entry: absolute path/,
      [at('set/rose/link.png')]: /^symbolic link entry/,
      [at('set/tulip/bomb.bmp')]: /^refused as a likely zip bomb: .* \(over 100:1\)$/,
      [at('set/tulip/overlap.png')]: /^refused as a likely zip bomb: its data overlaps/,
      [at('set/rose/secret.png')]: /^encrypted zip entry/,
      [at('set/rose/crc.png')]: /^corrupt zip entry/,
      [at('set/rose/empty.png')]: /^empty file \(0 bytes\)$/,
      [at('set/tulip/readme.txt')]: /^unsupported file type \.txt/,
    },
    conflicts: [['rose', 'tulip']],
  };
}

/**
 * A `path,label` CSV whose bad rows (unbalanced quotes among them) sit between good ones: every
 * good row must survive. One file is listed under two labels.
 */
export async function buildCsvCorpus(dir: string): Promise<CorpusSource> {
  mkdirSync(join(dir, 'imgs'), { recursive: true });
  const names = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png', 'f.png', 'g.png'];
  for (const [i, n] of names.entries()) writeFileSync(join(dir, 'imgs', n), await img(8 + i, `#${(i * 2 + 1).toString(16)}${(i * 3 + 2).toString(16)}0`));
  writeFileSync(join(dir, 'imgs', 'fake.png'), 'not an image');
  const path = join(dir, 'labels.csv');
  const lines = [
    'path,label', // 1
    'imgs/a.png,red', // 2
    '"imgs/b.png,green', // 3 unbalanced quote
    'imgs/c.png,green', // 4
    'imgs/missing.png,red', // 5
    'imgs/d.png,blue,extra', // 6
    '"imgs/e.png",blue', // 7 properly quoted
    ',red', // 8
    '"imgs/f.png,red', // 9 unbalanced again
    'imgs/fake.png,red', // 10
    'imgs/e.png,"unclosed', // 11 unbalanced in the label
    'imgs/f.png,blue', // 12
    'imgs/g.png,', // 13 unlabeled
    'imgs/a.png,blue', // 14 a under a second label: conflict
  ];
  writeFileSync(path, lines.join('\n') + '\n');
  const f = (n: string) => join(dir, 'imgs', n);
  const row = (n: number) => `${path} (row ${n})`;
  return {
    path,
    good: { [f('a.png')]: null, [f('c.png')]: 'green', [f('e.png')]: 'blue', [f('f.png')]: 'blue', [f('g.png')]: null },
    skips: {
      [row(3)]: /^row 3: unbalanced quote/,
      [row(5)]: /^row 5: file not found: imgs\/missing\.png$/,
      [row(6)]: /^row 6: expected 2 columns \(path,label\), found 3$/,
      [row(8)]: /^row 8: empty path$/,
      [row(9)]: /^row 9: unbalanced quote/,
      [f('fake.png')]: /^not an image: named \.png but the content is text$/,
      [row(11)]: /^row 11: unbalanced quote/,
    },
    conflicts: [['red', 'blue']],
  };
}

/** A `text,label` CSV where stray quotes used to swallow every row after them. */
export function buildTextCsvCorpus(dir: string): CorpusSource {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'reviews.csv');
  const lines = [
    'text,label',
    '"great, really",pos',
    'awful,neg',
    '"never closed,neg',
    'fine,pos',
    '"a review\nover two lines",pos',
    '12" ruler too short,neg',
    '"stray again,pos',
    'lost no more,neg',
    'same words,pos',
    'same words,neg',
  ];
  writeFileSync(path, lines.join('\n') + '\n');
  const row = (n: number) => `${path} (row ${n})`;
  return {
    path,
    good: {
      [row(2)]: 'pos',
      [row(3)]: 'neg',
      [row(5)]: 'pos',
      [row(7)]: 'pos',
      [row(8)]: 'neg',
      [row(10)]: 'neg',
      [row(11)]: null,
    },
    skips: { [row(4)]: /^row 4: unbalanced quote/, [row(9)]: /^row 9: unbalanced quote/ },
    conflicts: [['pos', 'neg']],
  };
}
