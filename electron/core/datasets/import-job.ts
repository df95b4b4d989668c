import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { ImportSummary, SkipRecord } from '../../../shared/domain/dataset';
import { StudioError } from '../../../shared/api/errors';
import type { CoreContext } from '../context';
import { datasetsRepo } from '../store/repos/datasets';
import { datasetImportsRepo } from '../store/repos/dataset-imports';
import { importSkipsRepo } from '../store/repos/import-skips';
import { itemsRepo } from '../store/repos/items';
import { projectsRepo } from '../store/repos/projects';
import { scanCsv } from './csv';
import { runImportEngine } from './import-engine';
import { ImportJobs, type ImportJob } from './jobs';
import type { Scan } from './source';
import { classCounts } from './summary';
import { folderScan } from './text-files';
import { singleFile, walkFolder } from './walk';

export interface StartImport {
  /** Produces the work list; runs inside the job so a big folder does not hold up the API call. */
  scan: (signal: AbortSignal) => Promise<Scan>;
  source: string;
  name: string;
  datasetId?: number;
  maxPixels?: number;
  /** Runs after the job ends whatever happened (drops an upload's temp files). */
  cleanup?: () => Promise<void>;
}

/** What PATH is: a folder, a CSV, a zip, or one image. */
export async function scanForPath(path: string): Promise<(signal: AbortSignal) => Promise<Scan>> {
  const full = resolve(path);
  let st;
  try {
    st = await stat(full);
  } catch {
    throw new StudioError('not_found', `Nothing to import at ${path}: no such file or folder.`);
  }
  if (st.isDirectory()) return async (signal) => folderScan(await walkFolder(full, { signal }));
  const ext = extname(full).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return () => scanCsv(full);
  // yauzl (./zip) is read when a zip is scanned, not by every studio command that opens a core.
  if (ext === '.zip') return async () => (await import('./zip')).scanZip(full);
  return async () => ({ kind: 'image', ...(await singleFile(full)) });
}

export function defaultDatasetName(path: string): string {
  const b = basename(resolve(path));
  return b.replace(/\.(csv|tsv|zip)$/i, '') || 'Dataset';
}

/** The one-line reason an import that brought in nothing gives (the CLI prints it, the UI shows it above the skip list). */
export function nothingImported(source: string, skipped: readonly SkipRecord[]): string {
  if (skipped.length === 0) return `nothing was imported: no files found in ${source}`;
  if (skipped.length === 1) return `nothing was imported: the only file was skipped (${skipped[0]!.reason})`;
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  const [reason, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return `nothing was imported: all ${skipped.length} files were skipped (${n === skipped.length ? reason : `most often, ${n} of them: ${reason}`})`;
}

/** Creates (or reuses) the dataset, then runs scan + engine in the background, emitting progress events. */
export function startImport(ctx: CoreContext, jobs: ImportJobs, req: StartImport): { jobId: string; datasetId: number } {
  const datasets = datasetsRepo(ctx.db);
  let datasetId = req.datasetId;
  if (datasetId !== undefined) {
    if (!datasets.get(datasetId)) throw new StudioError('not_found', `No dataset #${datasetId}.`);
    if (jobs.isImporting(datasetId)) throw new StudioError('conflict', `Dataset #${datasetId} is already importing; wait for it or cancel it.`);
  } else {
    datasetId = datasets.create({ projectId: projectsRepo(ctx.db).ensureDefault().id, name: req.name, kind: 'image', sourcePath: req.source }).id;
  }
  const isNew = req.datasetId === undefined;
  const id = ImportJobs.newId();
  const controller = new AbortController();
  const startedAt = Date.now();
  datasetImportsRepo(ctx.db).start(id, datasetId, req.source);
  const dsId = datasetId;

  const run = async (): Promise<ImportSummary> => {
    let scan: Scan | undefined;
    const base = { jobId: id, datasetId: dsId };
    let lastEmit = 0;
    try {
      ctx.events.emit('datasets.import.progress', { ...base, phase: 'scanning', done: 0, total: 0, current: req.source, rate: 0, imported: 0, skipped: 0, duplicates: 0 });
      scan = await req.scan(controller.signal);
      const ds = datasets.get(dsId)!;
      if (scan.kind !== ds.kind) {
        if (isNew || itemsRepo(ctx.db).count(dsId) === 0) datasets.setKind(dsId, scan.kind);
        else throw new StudioError('bad_input', `Cannot add ${scan.kind} items to a dataset of ${ds.kind} items.`);
      }
      const result = await runImportEngine({
        db: ctx.db,
        dataDir: ctx.dataDir,
        datasetId: dsId,
        entries: scan.entries,
        signal: controller.signal,
        maxPixels: req.maxPixels,
        onProgress: (p) => {
          const now = Date.now();
          if (p.done < p.total && now - lastEmit < 100) return;
          lastEmit = now;
          const secs = (now - startedAt) / 1000;
          ctx.events.emit('datasets.import.progress', {
            ...base,
            phase: 'importing',
            ...p,
            skipped: p.skipped + scan!.skipped.length,
            rate: secs > 0 ? p.done / secs : 0,
          });
        },
      });
      const skipped = [...scan.skipped, ...result.skipped];
      // A new dataset that ends up empty is removed rather than left in the list looking like a
      // dataset: the summary (with every skip and its reason) is what the user needs, and says so.
      if (isNew && itemsRepo(ctx.db).count(dsId) === 0) {
        datasets.remove(dsId);
        const error = result.cancelled ? null : nothingImported(req.source, skipped);
        return { ...base, status: result.cancelled ? 'cancelled' : 'failed', items: 0, classes: {}, skipped, duplicates: 0, duplicateFiles: [], conflicts: [], error, seconds: (Date.now() - startedAt) / 1000 };
      }
      importSkipsRepo(ctx.db).addMany(dsId, id, skipped);
      const status = result.cancelled ? 'cancelled' : 'completed';
      datasetImportsRepo(ctx.db).finish(id, { status, items: result.imported, duplicates: result.duplicateFiles.length, skipped: skipped.length, error: null });
      return {
        ...base,
        status,
        items: result.imported,
        classes: classCounts(ctx.db, dsId),
        skipped,
        duplicates: result.duplicateFiles.length,
        duplicateFiles: result.duplicateFiles,
        conflicts: result.conflicts,
        error: null,
        seconds: (Date.now() - startedAt) / 1000,
      };
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      const skipped = scan?.skipped ?? [];
      const removed = isNew && itemsRepo(ctx.db).count(dsId) === 0;
      if (removed) datasets.remove(dsId);
      else datasetImportsRepo(ctx.db).finish(id, { status: 'failed', items: 0, duplicates: 0, skipped: skipped.length, error: message });
      return { ...base, status: 'failed', items: 0, classes: removed ? {} : classCounts(ctx.db, dsId), skipped, duplicates: 0, duplicateFiles: [], conflicts: [], error: message, seconds: (Date.now() - startedAt) / 1000 };
    } finally {
      await scan?.close?.().catch(() => {});
      await req.cleanup?.().catch(() => {});
    }
  };

  const job: ImportJob = { id, datasetId: dsId, controller, startedAt, done: Promise.resolve(null as unknown as ImportSummary) };
  job.done = run().then((summary) => {
    job.summary = summary;
    ctx.events.emit('datasets.import.finished', summary);
    ctx.events.emit('datasets.changed', { datasetId: dsId });
    return summary;
  });
  jobs.add(job);
  return { jobId: id, datasetId: dsId };
}
