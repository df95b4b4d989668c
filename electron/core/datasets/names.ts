const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file name as bytes → text for display. Linux names need not be UTF-8; reading them through a
 * UTF-8 string would replace the bad bytes and the file could no longer be opened, so the walker
 * keeps the raw bytes for I/O and shows invalid bytes as \xNN.
 */
export function displayName(raw: Buffer): string {
  try {
    return utf8.decode(raw);
  } catch {
    let out = '';
    let i = 0;
    while (i < raw.length) {
      const len = utf8SeqLength(raw, i);
      if (len > 0) {
        out += raw.subarray(i, i + len).toString('utf8');
        i += len;
      } else {
        out += `\\x${raw[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
        i += 1;
      }
    }
    return out;
  }
}

/** Length of a valid UTF-8 sequence starting at i, or 0. */
function utf8SeqLength(b: Buffer, i: number): number {
  const c = b[i]!;
  const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  try {
    utf8.decode(b.subarray(i, i + n));
    return n;
  } catch {
    return 0;
  }
}

/** Control characters (a newline in a file name) would break one-line displays. */
export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
