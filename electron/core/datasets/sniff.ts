/** Image formats this build decodes (sharp/libvips), plus BMP through our own reader. */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'avif' | 'heic' | 'bmp';

export type Sniffed = { kind: 'image'; format: ImageFormat } | { kind: 'other'; description: string };

const ascii = (b: Buffer, start: number, end: number) => b.subarray(start, end).toString('latin1');

/**
 * Decides what a file is from its first bytes, not its name: a text file named .jpg is text,
 * and a PNG named .dat is a PNG.
 */
export function sniff(b: Buffer): Sniffed {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'image', format: 'jpeg' };
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { kind: 'image', format: 'png' };
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return { kind: 'image', format: 'gif' };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return { kind: 'image', format: 'webp' };
  if (b.length >= 4 && (ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*')) return { kind: 'image', format: 'tiff' };
  if (b.length >= 14 && ascii(b, 0, 2) === 'BM') return { kind: 'image', format: 'bmp' };
  if (b.length >= 12 && ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    if (brand === 'avif' || brand === 'avis') return { kind: 'image', format: 'avif' };
    if (['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand)) return { kind: 'image', format: 'heic' };
    return { kind: 'other', description: `a video or media file (${brand.trim()})` };
  }
  if (b.length >= 4 && ascii(b, 0, 4) === '%PDF') return { kind: 'other', description: 'a PDF document' };
  if (b.length >= 4 && ascii(b, 0, 2) === 'PK' && b[2]! <= 8) return { kind: 'other', description: 'a zip archive (import the zip itself, not a zip inside a folder)' };
  const head = b.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return { kind: 'other', description: 'an SVG vector image (export it as PNG)' };
  if (looksLikeText(b)) return { kind: 'other', description: 'text' };
  return { kind: 'other', description: 'an unrecognised format' };
}

function looksLikeText(b: Buffer): boolean {
  const n = Math.min(b.length, 4096);
  if (n === 0) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32)) bad++;
  }
  return bad / n < 0.02;
}

export const formatExtension: Record<ImageFormat, string> = {
  jpeg: '.jpg',
  png: '.png',
  gif: '.gif',
  webp: '.webp',
  tiff: '.tif',
  avif: '.avif',
  heic: '.heic',
  bmp: '.bmp',
};

export const formatContentType: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heic: 'image/heic',
  bmp: 'image/bmp',
};

/** Formats a browser shows as-is; others are shown through their thumbnail. */
export const browserFormats = new Set<ImageFormat>(['jpeg', 'png', 'gif', 'webp', 'avif', 'bmp']);
