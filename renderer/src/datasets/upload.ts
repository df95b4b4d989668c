import { studio } from '../api/studio';
import type { PickedFile } from './collect-files';

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
  file: string;
}

/**
 * Streams files to the core: one slice of at most chunkBytes is read, sent, and dropped before
 * the next, so memory stays at a few chunks whatever the folder size. A few calls are kept in
 * flight to hide the round trip.
 */
export async function uploadFiles(
  files: PickedFile[],
  opts: { name?: string; datasetId?: number; onProgress?: (p: UploadProgress) => void; signal?: AbortSignal },
): Promise<{ jobId: string; datasetId: number }> {
  const api = studio();
  const { uploadId, chunkBytes } = await api.call('datasets.upload.begin', {
    files: files.map((f) => ({ path: f.path, size: f.file?.size ?? 0 })),
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.datasetId ? { datasetId: opts.datasetId } : {}),
  });
  const totalBytes = files.reduce((n, f) => n + (f.file?.size ?? 0), 0);
  let sentBytes = 0;
  const failed: Array<{ fileIndex: number; reason: string }> = [];
  const jobs: Array<{ index: number; offset: number }> = [];
  files.forEach((f, index) => {
    if (f.error || !f.file) failed.push({ fileIndex: index, reason: f.error ?? 'no file' });
    else for (let offset = 0; offset < f.file.size; offset += chunkBytes) jobs.push({ index, offset });
  });
  let next = 0;
  const unreadable = new Set<number>();
  const worker = async () => {
    while (next < jobs.length) {
      if (opts.signal?.aborted) throw new DOMException('Upload cancelled', 'AbortError');
      const { index, offset } = jobs[next++]!;
      if (unreadable.has(index)) continue;
      const f = files[index]!;
      let data: string;
      try {
        data = toBase64(await f.file!.slice(offset, offset + chunkBytes).arrayBuffer());
      } catch (err) {
        unreadable.add(index);
        failed.push({ fileIndex: index, reason: err instanceof Error ? err.message : String(err) });
        continue;
      }
      await api.call('datasets.upload.chunk', { uploadId, fileIndex: index, offset, data });
      sentBytes += Math.min(chunkBytes, f.file!.size - offset);
      opts.onProgress?.({ sentBytes, totalBytes, file: f.path });
    }
  };
  try {
    await Promise.all([worker(), worker(), worker()]);
  } catch (err) {
    await api.call('datasets.upload.abort', { uploadId }).catch(() => undefined);
    throw err;
  }
  return api.call('datasets.upload.end', { uploadId, failed });
}
