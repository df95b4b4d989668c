import { basename, dirname, join, resolve } from 'node:path';
import type { CoreContext } from '../context';

const CSV_ID = /^run-\d+-predictions-\d+\.csv$/;
const exportsDir = (ctx: CoreContext) => join(ctx.dataDir, 'exports');

/** Batch-prediction CSVs written to their default place are served as /files/predictions/<name> (nothing else is). */
export function registerPredictionFiles(ctx: CoreContext): void {
  ctx.files.register('predictions', (id) => (CSV_ID.test(id) ? { path: join(exportsDir(ctx), id), contentType: 'text/csv; charset=utf-8' } : undefined));
}

/** The download handle of a CSV the core wrote to its default place; a CSV written elsewhere has none. */
export function predictionsCsvDownload(ctx: CoreContext, csvPath: string): { kind: 'predictions'; id: string } | null {
  const id = basename(csvPath);
  return CSV_ID.test(id) && resolve(dirname(csvPath)) === resolve(exportsDir(ctx)) ? { kind: 'predictions', id } : null;
}
