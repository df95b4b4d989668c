import yauzl, { type Entry } from 'yauzl';

/**
 * An entry whose uncompressed size is over this and whose compression ratio is over
 * `bombRatio` is refused before it is inflated. Real photos barely compress (JPEG, PNG, WebP are
 * compressed already); a ratio of hundreds to one only comes from long runs of the same byte,
 * which is what a zip bomb is made of. Small entries are let through whatever their ratio: they
 * cannot hurt, and a tiny flat BMP may legitimately compress that well.
 */
export const bombMinBytes = 16 * 2 ** 20;
export const bombRatio = 100;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
/** "Version made by" high byte: the host system whose attributes are in the upper 16 bits. */
const UNIX_HOST = 3;

/**
 * The entry's name as yauzl would decode it (UTF-8 flag, Info-ZIP Unicode path field, CP437
 * otherwise; backslashes turned into slashes), without yauzl's validation: with validation on, a
 * single `../` entry makes yauzl stop reading the central directory, and every good entry after
 * it would be lost with it.
 */
export function entryName(e: Entry): string {
  return yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, e.fileNameRaw, e.extraFields, false);
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(n < 10 * 2 ** 20 ? 1 : 0)} MB`;

/** Why this entry must not be read, or undefined when it is safe to read. `name` is from entryName. */
export function unsafeEntryReason(e: Entry, name: string): string | undefined {
  if (name.includes('\0')) return 'unsafe zip entry: its name holds a NUL character';
  const invalid = yauzl.validateFileName(name);
  if (invalid?.startsWith('absolute path')) return 'unsafe zip entry: absolute path (entries must be relative to the archive)';
  if (invalid?.startsWith('invalid relative path')) return 'unsafe zip entry: its path climbs out of the archive with ../';
  if (invalid) return `unsafe zip entry: ${invalid.split(':')[0]}`;
  if (e.versionMadeBy >>> 8 === UNIX_HOST) {
    const type = (e.externalFileAttributes >>> 16) & S_IFMT;
    if (type === S_IFLNK) return 'symbolic link entry: links inside a zip are not followed';
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) return 'not a regular file: a special file (device, pipe or socket) stored in the zip';
  }
  const size = e.uncompressedSize;
  if (size > bombMinBytes && (e.compressedSize === 0 || size / e.compressedSize > bombRatio)) {
    return `refused as a likely zip bomb: ${mb(e.compressedSize)} would expand to ${mb(size)} (over ${bombRatio}:1)`;
  }
  return undefined;
}

/**
 * Entries whose data overlaps an earlier entry's: how "non-recursive" zip bombs make a few KB
 * inflate to gigabytes (every entry reuses the same compressed bytes). A real archive never
 * overlaps. The span counted is a lower bound (local header, name and data, without the local extra
 * field and data descriptor), so a well-formed zip is never flagged. Of entries sharing data, the
 * first by offset is kept.
 */
export function overlappingEntries(entries: readonly Entry[]): Set<Entry> {
  const sorted = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  const out = new Set<Entry>();
  let end = -1;
  for (const e of sorted) {
    // An overlapping entry's own sizes say nothing about where the real data ends: only entries
    // that passed extend the span.
    if (e.relativeOffsetOfLocalHeader < end) out.add(e);
    else end = e.relativeOffsetOfLocalHeader + 30 + e.fileNameLength + e.compressedSize;
  }
  return out;
}
