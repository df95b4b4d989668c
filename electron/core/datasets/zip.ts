import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { SkipRecord } from '../../../shared/domain/dataset';
import { labelsFromRelativePaths } from './relpaths';
import { maxFileBytes } from './walk';
import { isSystemJunk, type FileEntry, type Scan } from './source';
import { printable } from './names';

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, zip) =>
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
  const files = all.filter((e) => {
    const name = e.fileName;
    if (name.endsWith('/')) return false;
    const segs = name.split('/');
    return !segs.some((s) => isSystemJunk(s));
  });
  const labels = labelsFromRelativePaths(files.map((e) => e.fileName));
  const entries: FileEntry[] = [];
  files.forEach((e, i) => {
    const shown = `${zipPath}:${printable(e.fileName)}`;
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
