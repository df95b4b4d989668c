import { extname } from 'node:path';
import type { FileEntry, Scan, SourceEntry } from './source';
import type { WalkResult } from './walk';

/** Files a folder of texts holds: one text per file, class per subfolder (as images are). */
export const textFileExtensions = new Set(['.txt', '.text']);

export const isTextFileName = (path: string) => textFileExtensions.has(extname(path).toLowerCase());

/**
 * A folder is a text dataset when most of its files are .txt: then each .txt file is read as one
 * UTF-8 text and anything else is skipped with that reason (a dataset holds one kind of item).
 */
export function folderScan(walk: WalkResult): Scan {
  const files = walk.entries.filter((e): e is FileEntry => e.kind === 'file');
  const texts = files.filter((e) => isTextFileName(e.displayPath)).length;
  if (texts === 0 || texts * 2 < files.length) return { kind: 'image', ...walk };
  const entries: SourceEntry[] = [];
  const skipped = [...walk.skipped];
  for (const e of walk.entries) {
    if (e.kind === 'file' && !isTextFileName(e.displayPath)) {
      skipped.push({ path: e.displayPath, reason: `not a .txt file (${extname(e.displayPath) || 'no extension'}): this folder is imported as texts, one .txt file per text` });
    } else entries.push(e.kind === 'file' ? { ...e, asText: true } : e);
  }
  return { kind: 'text', entries, skipped };
}

export type TextDecodeResult = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One .txt file's text: strict UTF-8 (a Latin-1 or UTF-16 file would otherwise import as mojibake
 * that no tokenizer can read back), byte-order mark and surrounding whitespace dropped.
 */
export function decodeTextFile(bytes: Buffer): TextDecodeResult {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, reason: 'not UTF-8: the file is UTF-16 (save it as UTF-8)' };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { ok: false, reason: `not UTF-8: invalid byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at offset ${at} (save the file as UTF-8)` };
  }
  text = text.replace(/^\uFEFF/, '').trim();
  if (text.includes('\u0000')) return { ok: false, reason: 'not a text file: it contains NUL bytes' };
  if (text === '') return { ok: false, reason: 'empty text: the file holds only whitespace' };
  return { ok: true, text };
}

function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    for (let k = 1; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return Math.max(0, bytes.length - 1);
}
