import { createHash } from 'node:crypto';
import type { ImportConflict, SkipRecord } from '../../../shared/domain/dataset';
import type { Db } from '../store/db';
import { itemsRepo, type NewItem } from '../store/repos/items';
import { labelsRepo } from '../store/repos/labels';
import { ConflictTracker } from './conflicts';
import { blobRelPath, thumbRelPath, writeOnce } from './blobs';
import { decodeForImport } from './decode';
import { fsReason } from './fs-reasons';
import { formatExtension } from './sniff';
import { itemDisplayName } from '../../../shared/domain/dataset';
import { imageExtensions, type SourceEntry } from './source';
import { decodeTextFile } from './text-files';

export interface EngineProgress {
  done: number;
  total: number;
  current: string;
  imported: number;
  skipped: number;
  duplicates: number;
}

export interface EngineResult {
  imported: number;
  skipped: SkipRecord[];
  duplicateFiles: Array<{ path: string; sameAs: string }>;
  /** Same bytes under different classes (see conflicts.ts). */
  conflicts: ImportConflict[];
  cancelled: boolean;
}

export interface EngineOptions {
  db: Db;
  dataDir: string;
  datasetId: number;
  entries: readonly SourceEntry[];
  signal?: AbortSignal;
  /** Decodes at once; sharp's own threads do the rest. Two keeps a 2-core machine responsive. */
  concurrency?: number;
  maxPixels?: number;
  onProgress?: (p: EngineProgress) => void;
  /** Rows are written in batches of this many, each in one transaction. */
  batchSize?: number;
}

type Outcome = { ok: true; item: NewItem & { label: string | null } } | { ok: false; reason: string };

function extOf(path: string): string {
  const m = /\.[^./\\]+$/.exec(path);
  return m ? m[0].toLowerCase() : '';
}

/** Why a non-image file was refused: named like an image but isn't, or simply not a type we import. */
function notImageReason(displayPath: string, decodeReason: string): string {
  const ext = extOf(displayPath);
  if (!decodeReason.startsWith('not an image')) return decodeReason;
  const content = decodeReason.replace('not an image: the content is ', '');
  if (imageExtensions.has(ext)) return `not an image: named ${ext} but the content is ${content}`;
  return `unsupported file type${ext ? ` ${ext}` : ''} (the content is ${content}); images must be JPEG, PNG, WebP, GIF, TIFF, AVIF or BMP`;
}

/**
 * Imports entries into a dataset: reads, hashes, decodes (checks + thumbnail), writes the bytes
 * content-addressed, then inserts rows in batched transactions. A row is written only after its
 * files are on disk, so a cancel or a crash leaves every item whole. Bad files are skipped with a
 * reason; identical bytes become one item, unlabeled when its copies disagree on the class.
 */
export async function runImportEngine(opts: EngineOptions): Promise<EngineResult> {
  const { db, dataDir, datasetId, entries, signal } = opts;
  const items = itemsRepo(db);
  const labels = labelsRepo(db);
  const labelIds = new Map<string, number>();
  const skipped: SkipRecord[] = [];
  const duplicateFiles: Array<{ path: string; sameAs: string }> = [];
  const inflight = new Map<string, { path: string; outcome: Promise<boolean> }>();
  let pending: Array<NewItem & { label: string | null }> = [];
  const conflicts = new ConflictTracker();
  const created = new Set<string>();
  let imported = 0;
  let done = 0;
  let current = '';
  const batchSize = opts.batchSize ?? 200;
  let lastFlush = Date.now();

  const progress = () => opts.onProgress?.({ done, total: entries.length, current, imported, skipped: skipped.length, duplicates: duplicateFiles.length });

  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    lastFlush = Date.now();
    db.transaction(() => {
      for (const it of batch) {
        if (it.label !== null && !labelIds.has(it.label)) labelIds.set(it.label, labels.ensure(datasetId, it.label).id);
        it.labelId = it.label === null ? null : labelIds.get(it.label)!;
      }
      const fresh = items.insertMany(datasetId, batch);
      fresh.forEach((isNew, i) => {
        if (isNew) {
          imported++;
          created.add(batch[i]!.contentHash);
        }
        else duplicateFiles.push({ path: batch[i]!.originalPath, sameAs: items.pathOfHash(datasetId, batch[i]!.contentHash) ?? '' });
      });
    })();
  };

  async function prepare(entry: SourceEntry, hash: string, bytes: Buffer | null): Promise<Outcome> {
    const name = itemDisplayName(entry.displayPath);
    if (entry.kind === 'text') {
      return {
        ok: true,
        item: { contentHash: hash, blobPath: null, text: entry.text, originalPath: entry.displayPath, name, width: null, height: null, thumbPath: null, format: 'text', labelId: null, label: entry.label },
      };
    }
    if (entry.asText) {
      const decoded = decodeTextFile(bytes!);
      if (!decoded.ok) return { ok: false, reason: decoded.reason };
      return {
        ok: true,
        item: { contentHash: hash, blobPath: null, text: decoded.text, originalPath: entry.displayPath, name, width: null, height: null, thumbPath: null, format: 'text', labelId: null, label: entry.label },
      };
    }
    const decoded = await decodeForImport(bytes!, { maxPixels: opts.maxPixels });
    if (!decoded.ok) return { ok: false, reason: notImageReason(entry.displayPath, decoded.reason) };
    const blobPath = blobRelPath(hash, formatExtension[decoded.format]);
    const thumbPath = thumbRelPath(hash);
    await writeOnce(dataDir, blobPath, bytes!);
    await writeOnce(dataDir, thumbPath, decoded.thumb);
    return {
      ok: true,
      item: { contentHash: hash, blobPath, text: null, originalPath: entry.displayPath, name, width: decoded.width, height: decoded.height, thumbPath, format: decoded.format, labelId: null, label: entry.label },
    };
  }

  // Copies of the same bytes are claimed in work-list order whichever read finishes first, so the
  // item keeps the first path and the report is the same from run to run. Each entry waits for the
  // one before it to claim (reads still overlap), and hands on only after that, whatever happens.
  let claimTail: Promise<void> = Promise.resolve();

  async function one(entry: SourceEntry, order: number): Promise<void> {
    const before = claimTail;
    let release!: () => void;
    claimTail = new Promise<void>((r) => (release = r));
    try {
      await readAndClaim(entry, order, before, release);
    } finally {
      void before.then(release);
    }
  }

  async function readAndClaim(entry: SourceEntry, order: number, before: Promise<void>, release: () => void): Promise<void> {
    current = entry.displayPath;
    let bytes: Buffer | null = null;
    if (entry.kind === 'file') {
      try {
        bytes = await entry.read();
      } catch (err) {
        skipped.push({ path: entry.displayPath, reason: fsReason(err) });
        return;
      }
      if (bytes.length === 0) {
        skipped.push({ path: entry.displayPath, reason: 'empty file (0 bytes)' });
        return;
      }
    }
    const hash = createHash('sha256').update(bytes ?? Buffer.from(entry.kind === 'text' ? entry.text : '', 'utf8')).digest('hex');
    await before;
    const first = inflight.get(hash);
    const existing = first ? undefined : items.labelOfHash(datasetId, hash);
    if (existing === undefined) conflicts.add(hash, { order, path: entry.displayPath, label: entry.label });
    if (first || existing !== undefined) release();
    if (first) {
      // Same bytes as a file earlier in this import: one item if that one was good, the same skip if not.
      const ok = await first.outcome;
      if (ok) duplicateFiles.push({ path: entry.displayPath, sameAs: first.path });
      else skipped.push({ path: entry.displayPath, reason: skipped.find((s) => s.path === first.path)?.reason ?? 'same bytes as a skipped file' });
      return;
    }
    if (existing !== undefined) {
      duplicateFiles.push({ path: entry.displayPath, sameAs: existing.path });
      conflicts.againstExisting(existing, entry.displayPath, entry.label);
      return;
    }
    let resolveOutcome!: (ok: boolean) => void;
    inflight.set(hash, { path: entry.displayPath, outcome: new Promise<boolean>((r) => (resolveOutcome = r)) });
    release();
    try {
      const out = await prepare(entry, hash, bytes);
      if (out.ok) pending.push(out.item);
      else skipped.push({ path: entry.displayPath, reason: out.reason });
      resolveOutcome(out.ok);
    } catch (err) {
      skipped.push({ path: entry.displayPath, reason: `could not be stored: ${err instanceof Error ? err.message : String(err)}` });
      resolveOutcome(false);
    }
  }

  let next = 0;
  const worker = async () => {
    while (next < entries.length && !signal?.aborted) {
      const order = next++;
      await one(entries[order]!, order);
      done++;
      if (pending.length >= batchSize || Date.now() - lastFlush > 1000) flush();
      progress();
    }
  };
  progress();
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  flush();
  progress();
  return {
    imported,
    skipped,
    duplicateFiles,
    conflicts: conflicts.settle(db, datasetId, (hash) => created.has(hash)),
    cancelled: !!signal?.aborted && done < entries.length,
  };
}
