import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SkipRecord } from '../../../shared/domain/dataset';
import { StudioError } from '../../../shared/api/errors';
import { uploadChunkBytes } from '../../../shared/api/methods/datasets';
import { scanCsv } from './csv';
import { labelsFromRelativePaths } from './relpaths';
import { isSystemJunk, type FileEntry, type Scan } from './source';

interface UploadFile {
  path: string;
  size: number;
  received: number;
}

export interface UploadSession {
  id: string;
  dir: string;
  name?: string;
  datasetId?: number;
  files: UploadFile[];
  bytes: number;
}

/** Leftovers of a process that died mid-upload are removed after this long (a live upload is never this old). */
const staleMs = 6 * 60 * 60 * 1000;

/**
 * Browser-mode uploads: the renderer sends each file in base64 chunks of at most 1 MB, written
 * straight to a temp file at its offset, so neither side ever holds a whole file in memory.
 */
export class Uploads {
  private readonly sessions = new Map<string, UploadSession>();

  constructor(private readonly root: string) {}

  async sweepStale(): Promise<void> {
    try {
      for (const d of await readdir(this.root)) {
        const full = join(this.root, d);
        const st = await stat(full).catch(() => undefined);
        if (st && Date.now() - st.mtimeMs > staleMs) await rm(full, { recursive: true, force: true });
      }
    } catch {
      // No uploads folder yet.
    }
  }

  async begin(req: { name?: string; datasetId?: number; files: Array<{ path: string; size: number }> }): Promise<UploadSession> {
    const id = `up_${randomBytes(8).toString('hex')}`;
    const dir = join(this.root, id);
    await mkdir(dir, { recursive: true });
    const s: UploadSession = { id, dir, name: req.name, datasetId: req.datasetId, files: req.files.map((f) => ({ ...f, received: 0 })), bytes: 0 };
    this.sessions.set(id, s);
    return s;
  }

  get(id: string): UploadSession {
    const s = this.sessions.get(id);
    if (!s) throw new StudioError('not_found', `No upload ${id} (it finished, was aborted, or the studio restarted).`);
    return s;
  }

  async chunk(id: string, fileIndex: number, offset: number, data: string): Promise<number> {
    const s = this.get(id);
    const f = s.files[fileIndex];
    if (!f) throw new StudioError('invalid_params', `Upload ${id} has no file #${fileIndex}.`);
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length > uploadChunkBytes) throw new StudioError('invalid_params', `A chunk may hold at most ${uploadChunkBytes} bytes.`);
    if (offset + bytes.length > f.size) throw new StudioError('invalid_params', `Chunk past the declared size of ${f.path} (${f.size} bytes).`);
    // Positional writes (no O_APPEND) so chunks may arrive in any order.
    const fh = await open(join(s.dir, String(fileIndex)), constants.O_WRONLY | constants.O_CREAT);
    try {
      await fh.write(bytes, 0, bytes.length, offset);
    } finally {
      await fh.close();
    }
    f.received += bytes.length;
    s.bytes += bytes.length;
    return f.received;
  }

  /** The upload as an import source; files the browser could not read, or that arrived short, are skipped with the reason. */
  async finish(id: string, failed: ReadonlyArray<{ fileIndex: number; reason: string }>): Promise<{ session: UploadSession; scan: () => Promise<Scan> }> {
    const s = this.get(id);
    this.sessions.delete(id);
    const failedReason = new Map(failed.map((f) => [f.fileIndex, f.reason]));
    if (s.files.length === 1 && /\.(zip|csv|tsv)$/i.test(s.files[0]!.path) && !failedReason.has(0)) {
      const only = s.files[0]!;
      const file = join(s.dir, '0');
      if (only.received !== only.size) {
        return { session: s, scan: async () => ({ kind: 'image', entries: [], skipped: [{ path: only.path, reason: `upload incomplete: received ${only.received} of ${only.size} bytes` }] }) };
      }
      const shown = (x: Scan): Scan => ({
        ...x,
        entries: x.entries.map((e) => ({ ...e, displayPath: e.displayPath.replace(file, only.path) })),
        skipped: x.skipped.map((k) => ({ ...k, path: k.path.replace(file, only.path) })),
      });
      // yauzl (./zip) is read when a zip is scanned, not by every studio command that opens a core.
      const scanZip = async (f: string) => (await import('./zip')).scanZip(f);
      return { session: s, scan: async () => shown(/\.zip$/i.test(only.path) ? await scanZip(file) : await scanCsv(file, { uploaded: true })) };
    }
    const labels = labelsFromRelativePaths(s.files.map((f) => f.path));
    const entries: FileEntry[] = [];
    const skipped: SkipRecord[] = [];
    s.files.forEach((f, i) => {
      const segs = labels[i]!.segments;
      if (segs.some((x) => isSystemJunk(x))) return;
      const reason = failedReason.get(i);
      if (reason !== undefined) skipped.push({ path: f.path, reason: `the browser could not read it: ${reason}` });
      else if (f.received !== f.size) skipped.push({ path: f.path, reason: `upload incomplete: received ${f.received} of ${f.size} bytes` });
      else {
        const file = join(s.dir, String(i));
        entries.push({ kind: 'file', displayPath: f.path, label: labels[i]!.label, size: f.size, read: () => (f.size === 0 ? Promise.resolve(Buffer.alloc(0)) : readFile(file)) });
      }
    });
    return { session: s, scan: async () => ({ kind: 'image', entries, skipped }) };
  }

  async abort(id: string): Promise<boolean> {
    const s = this.sessions.get(id);
    if (!s) return false;
    this.sessions.delete(id);
    await rm(s.dir, { recursive: true, force: true });
    return true;
  }

  async removeFiles(s: UploadSession): Promise<void> {
    await rm(s.dir, { recursive: true, force: true });
  }

  async abortAll(): Promise<void> {
    for (const id of [...this.sessions.keys()]) await this.abort(id);
  }
}
