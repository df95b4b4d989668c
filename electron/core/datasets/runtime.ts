import { join } from 'node:path';
import type { CoreContext } from '../context';
import { itemsRepo } from '../store/repos/items';
import { ImportJobs } from './jobs';
import { Uploads } from './uploads';
import { browserFormats, formatContentType, type ImageFormat } from './sniff';

export interface DatasetsRuntime {
  jobs: ImportJobs;
  uploads: Uploads;
}

/**
 * Per-core state of the datasets domain (running imports, open uploads), built by openCore:
 * registers the thumbnail and image file routes and stops imports when the core closes.
 */
export function createDatasetsRuntime(ctx: Pick<CoreContext, 'dataDir' | 'db' | 'files' | 'onClose'>): DatasetsRuntime {
  const rt: DatasetsRuntime = { jobs: new ImportJobs(), uploads: new Uploads(join(ctx.dataDir, 'tmp', 'uploads')) };
  void rt.uploads.sweepStale();
  const items = itemsRepo(ctx.db);
  const isHash = (id: string) => /^[0-9a-f]{64}$/.test(id);
  ctx.files.register('thumb', (id) => (isHash(id) ? { path: join(ctx.dataDir, 'thumbs', id.slice(0, 2), `${id}.webp`), contentType: 'image/webp' } : undefined));
  ctx.files.register('image', (id) => {
    if (!isHash(id)) return undefined;
    const row = items.byHash(id);
    if (!row?.blobPath) return undefined;
    const format = row.format as ImageFormat | null;
    // A TIFF or HEIC would not display in a browser: show the thumbnail instead of a broken image.
    if (!format || !browserFormats.has(format)) return row.thumbPath ? { path: join(ctx.dataDir, row.thumbPath), contentType: 'image/webp' } : undefined;
    return { path: join(ctx.dataDir, row.blobPath), contentType: formatContentType[format] };
  });
  ctx.onClose(async () => {
    const running = rt.jobs.running();
    rt.jobs.cancelAll();
    await Promise.all(running.map((j) => j.done));
    await rt.uploads.abortAll();
  });
  return rt;
}
