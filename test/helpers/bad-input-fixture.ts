import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

export interface ExpectedSkip {
  /** Path relative to the fixture root, as the import reports it after the root. */
  rel: string;
  reason: RegExp;
}

export interface BadInputFixture {
  root: string;
  /** Valid images per class ('' = loose files, unlabeled); each must be imported exactly once. */
  valid: Record<string, string[]>;
  skips: ExpectedSkip[];
  duplicates: number;
  /** Same bytes under different classes: imported once, unlabeled, every path listed (relative paths, first one kept). */
  conflicts: Array<{ rels: string[]; labels: string[] }>;
  /** The pixel limit the fixture's oversized image exceeds (the default limit). */
  maxPixels: number;
}

const png = (w: number, h: number, color: string) => sharp({ create: { width: w, height: h, channels: 3, background: color } }).png().toBuffer();

/** A 24-bit bottom-up BMP (BGR rows) of w×h RGB pixels, row-major top-down. */
export function bmp24Pixels(rgb: ArrayLike<number>, w: number, h: number): Buffer {
  const stride = Math.ceil((w * 3) / 4) * 4;
  const b = Buffer.alloc(54 + stride * h);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(w, 18);
  b.writeInt32LE(h, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) b[54 + (h - 1 - y) * stride + x * 3 + c] = rgb[(y * w + x) * 3 + 2 - c]!;
  return b;
}

/** A one-colour 24-bit BMP, which sharp's own build cannot read (the studio's BMP reader can). */
export function bmp24(w: number, h: number, rgb: [number, number, number]): Buffer {
  return bmp24Pixels(Uint8Array.from({ length: w * h * 3 }, (_, i) => rgb[i % 3]!), w, h);
}

/** A real, valid 1-bit PNG of w×h that compresses to a few KB: over the pixel limit without a big file. */
export function hugePng(w: number, h: number): Buffer {
  const crcTable = (buf: Buffer) => {
    let c = ~0;
    for (const byte of buf) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crcTable(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grayscale
  const raw = Buffer.alloc((1 + Math.ceil(w / 8)) * h);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * A folder with every kind of bad input the importer must survive, beside valid images in class
 * subfolders (several formats, EXIF rotation, alpha, 16-bit, CMYK, odd and non-UTF-8 names).
 * It writes a sibling folder `<root>-outside` that links in the fixture point to.
 * Built with sharp at test time; returns what a correct import reports.
 */
export async function buildBadInputFixture(root: string): Promise<BadInputFixture> {
  const cat = join(root, 'cat');
  const dog = join(root, 'dog');
  mkdirSync(cat, { recursive: true });
  mkdirSync(join(dog, 'nested', 'deeper'), { recursive: true });
  const w = (p: string, b: Buffer | string) => writeFileSync(join(root, p), b);

  // --- valid images ---
  const red = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#d22' } }).jpeg().toBuffer();
  w('cat/red.jpg', red);
  w('cat/rotated.jpg', await sharp({ create: { width: 60, height: 30, channels: 3, background: '#2d2' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer());
  w('cat/alpha.png', await sharp({ create: { width: 20, height: 20, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.3 } } }).png().toBuffer());
  w('cat/gray16.png', await sharp(new Uint16Array(24 * 24).fill(30_000), { raw: { width: 24, height: 24, channels: 1 } }).toColourspace('grey16').png().toBuffer());
  w('cat/cmyk.jpg', await sharp({ create: { width: 24, height: 24, channels: 3, background: '#36c' } }).toColourspace('cmyk').jpeg().toBuffer());
  w('cat/anim.gif', await sharp({ create: { width: 16, height: 16, channels: 3, background: '#ff0' } }).gif().toBuffer());
  w('dog/photo.tif', await sharp({ create: { width: 30, height: 20, channels: 3, background: '#963' } }).tiff().toBuffer());
  w('dog/photo.webp', await sharp({ create: { width: 30, height: 22, channels: 3, background: '#369' } }).webp().toBuffer());
  w('dog/photo.avif', await sharp({ create: { width: 32, height: 24, channels: 3, background: '#639' } }).avif().toBuffer());
  w('dog/photo.bmp', bmp24(9, 7, [10, 200, 30]));
  w('dog/nested/deeper/deep.png', await png(12, 12, '#123'));
  w('dog/café ünïcødé 🐶.png', await png(13, 13, '#456'));
  w('dog/-leading dash.png', await png(14, 14, '#789'));
  w('dog/line\nbreak.png', await png(15, 15, '#9ab'));
  // A Latin-1 name (é as 0xE9): not UTF-8; the file must still be read.
  writeFileSync(Buffer.concat([Buffer.from(join(dog, 'latin1-')), Buffer.from([0xe9]), Buffer.from('.png')]), await png(16, 16, '#abc'));
  w('loose.png', await png(17, 17, '#cde'));

  // --- exact duplicates: counted once, reported; red is also under dog, a conflict: unlabeled ---
  w('cat/red_copy.jpg', red);
  w('dog/red-again.jpg', red);

  // --- system junk: ignored silently ---
  w('.DS_Store', Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));

  // --- bad input ---
  const goodJpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#abc' } }).jpeg().toBuffer();
  w('cat/truncated.jpg', goodJpeg.subarray(0, Math.floor(goodJpeg.length / 2)));
  const goodPng = await png(32, 32, '#f0f');
  w('cat/corrupt.png', Buffer.concat([goodPng.subarray(0, 40), Buffer.alloc(200, 0x5a)]));
  w('cat/empty.jpg', Buffer.alloc(0));
  w('cat/text.jpg', 'This is a text file wearing a .jpg name.\n');
  w('dog/notes.txt', 'just some notes\n');
  w('dog/document.pdf', '%PDF-1.4\n%âãÏÓ\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  w('dog/vector.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
  w('dog/huge.png', hugePng(10_001, 10_001));
  symlinkSync(join(root, 'does-not-exist.jpg'), join(dog, 'broken-link.jpg'));
  symlinkSync('self-loop.jpg', join(dog, 'self-loop.jpg'));
  symlinkSync('..', join(cat, 'loop'));
  execFileSync('mkfifo', [join(dog, 'pipe.jpg')]);
  w('cat/locked.png', await png(18, 18, '#0aa'));
  chmodSync(join(cat, 'locked.png'), 0o000);
  // Links that leave the chosen folder: never followed, whatever is behind them (issue 15).
  const outside = `${root}-outside`;
  mkdirSync(join(outside, 'more'), { recursive: true });
  writeFileSync(join(outside, 'secret.png'), await png(19, 19, '#c0ffee'));
  writeFileSync(join(outside, 'more', 'secret2.png'), await png(20, 20, '#bada55'));
  symlinkSync('/etc', join(dog, 'etc'));
  symlinkSync(outside, join(cat, 'elsewhere'));
  symlinkSync(join(outside, 'secret.png'), join(cat, 'outside.png'));
  symlinkSync(`../../${basename(outside)}/more/secret2.png`, join(dog, 'up.png'));
  // Two links that point at each other.
  symlinkSync('pong.jpg', join(dog, 'ping.jpg'));
  symlinkSync('ping.jpg', join(dog, 'pong.jpg'));
  // A link to a folder inside: dog is imported as dog, not through cat/dogs as cat (cat sorts first).
  symlinkSync('../dog', join(cat, 'dogs'));
  // A link to a file inside is followed: these bytes are cat/alpha.png's, so one more duplicate.
  symlinkSync('alpha.png', join(cat, 'z-link-to-alpha.png'));
  const isRoot = process.getuid?.() === 0;

  const valid: Record<string, string[]> = {
    cat: ['cat/rotated.jpg', 'cat/alpha.png', 'cat/gray16.png', 'cat/cmyk.jpg', 'cat/anim.gif'],
    dog: [
      'dog/photo.tif',
      'dog/photo.webp',
      'dog/photo.avif',
      'dog/photo.bmp',
      'dog/nested/deeper/deep.png',
      'dog/café ünïcødé 🐶.png',
      'dog/-leading dash.png',
      'dog/line\\x0Abreak.png',
      'dog/latin1-\\xE9.png',
    ],
    '': ['loose.png', 'cat/red.jpg'],
  };
  const skips: ExpectedSkip[] = [
    { rel: 'cat/truncated.jpg', reason: /^truncated JPEG file/ },
    { rel: 'cat/corrupt.png', reason: /^(corrupt|truncated) PNG file/ },
    { rel: 'cat/empty.jpg', reason: /^empty file \(0 bytes\)$/ },
    { rel: 'cat/text.jpg', reason: /^not an image: named \.jpg but the content is text$/ },
    { rel: 'dog/notes.txt', reason: /^unsupported file type \.txt/ },
    { rel: 'dog/document.pdf', reason: /^unsupported file type \.pdf \(the content is a PDF document\)/ },
    { rel: 'dog/vector.svg', reason: /^unsupported file type \.svg \(the content is an SVG vector image/ },
    { rel: 'dog/huge.png', reason: /^image is 10001×10001 \(100\.02 megapixels\), over the 100 megapixels limit$/ },
    { rel: 'dog/broken-link.jpg', reason: /^broken symbolic link/ },
    { rel: 'dog/self-loop.jpg', reason: /^symbolic link loop/ },
    { rel: 'cat/loop', reason: /^symbolic link loop: points to .*, a folder that contains it$/ },
    { rel: 'dog/pipe.jpg', reason: /^not a regular file: it is a named pipe$/ },
    { rel: 'dog/etc', reason: /^symbolic link to \/etc, outside the folder being imported: not followed$/ },
    { rel: 'cat/elsewhere', reason: /^symbolic link to .*-outside, outside the folder being imported: not followed$/ },
    { rel: 'cat/outside.png', reason: /^symbolic link to .*-outside\/secret\.png, outside the folder being imported: not followed$/ },
    { rel: 'dog/ping.jpg', reason: /^symbolic link loop/ },
    { rel: 'dog/pong.jpg', reason: /^symbolic link loop/ },
    { rel: 'cat/dogs', reason: /^link to a folder inside this import \(.*\/photos\/dog\): its files are imported from there, once$/ },
    { rel: 'dog/up.png', reason: /^symbolic link to .*-outside\/more\/secret2\.png, outside the folder being imported: not followed$/ },
  ];
  // Root reads mode-000 files anyway; for anyone else it is an unreadable path with its reason.
  if (isRoot) valid.cat!.push('cat/locked.png');
  else skips.push({ rel: 'cat/locked.png', reason: /^cannot read file: permission denied$/ });
  const conflicts = [{ rels: ['cat/red.jpg', 'cat/red_copy.jpg', 'dog/red-again.jpg'], labels: ['cat', 'dog'] }];
  return { root, valid, skips, duplicates: 3, conflicts, maxPixels: 100_000_000 };
}
