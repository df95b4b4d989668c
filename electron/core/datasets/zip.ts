import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { SkipRecord } from '../../../shared/domain/dataset';
import { labelsFromRelativePaths } from './relpaths';
import { maxFileBytes } from './walk';
import { isSystemJunk, type FileEntry, type Scan } from './source';
import { printable } from './names';
import { entryName, overlappingEntries, unsafeEntryReason } from './zip-safety';

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    // decodeStrings off: names are decoded and judged entry by entry (zip-safety.ts), so one unsafe
    // entry is skipped instead of ending the whole listing.
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true, decodeStrings: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('cannot open zip')) : resolve(zip),
    ),
  );
}

function readEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const out: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(out));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(new Error(`corrupt zip entry: ${err?.message ?? 'cannot read it'}`));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.once('error', (e: Error) => reject(new Error(`corrupt zip entry: ${e.message}`)));
      stream.once('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** A zip laid out like a folder (class per top folder); entries are read straight from the archive, never extracted to disk. */
export async function scanZip(zipPath: string): Promise<Scan> {
  let zip: ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (err) {
    throw new Error(`not a readable zip file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const all = await readEntries(zip).catch((err: unknown) => {
    zip.close();
    throw new Error(`the zip file is damaged: ${err instanceof Error ? err.message : String(err)}`);
  });
  const skipped: SkipRecord[] = [];
  const overlapping = overlappingEntries(all);
  const files: Array<{ e: Entry; name: string }> = [];
  for (const e of all) {
    const name = entryName(e);
    if (name.endsWith('/')) continue;
    if (name.split('/').some((s) => isSystemJunk(s))) continue;
    // Unsafe entries are skipped before labels are worked out, so a `../x` entry cannot spoil the
    // wrapping-folder detection for the good ones.
    const unsafe = unsafeEntryReason(e, name) ?? (overlapping.has(e) ? 'refused as a likely zip bomb: its data overlaps another entry\'s' : undefined);
    if (unsafe) skipped.push({ path: `${zipPath}:${printable(name)}`, reason: unsafe });
    else files.push({ e, name });
  }
  const labels = labelsFromRelativePaths(files.map((f) => f.name));
  const entries: FileEntry[] = [];
  files.forEach(({ e, name }, i) => {
    const shown = `${zipPath}:${printable(name)}`;
    if (e.isEncrypted()) {
      skipped.push({ path: shown, reason: 'encrypted zip entry (password-protected zips are not supported)' });
      return;
    }
    if (!e.canDecodeFileData()) {
      skipped.push({ path: shown, reason: `zip entry uses an unsupported compression method (${e.compressionMethod})` });
      return;
    }
    if (e.uncompressedSize > maxFileBytes) {
      skipped.push({ path: shown, reason: `zip entry is ${(e.uncompressedSize / 2 ** 20).toFixed(0)} MB, over the ${maxFileBytes / 2 ** 20} MB limit` });
      return;
    }
    entries.push({ kind: 'file', displayPath: shown, label: labels[i]!.label, size: e.uncompressedSize, read: () => readEntry(zip, e) });
  });
  return { kind: 'image', entries, skipped, close: async () => zip.close() };
}
