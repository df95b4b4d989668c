import type { datasetsMethods } from '../../../../shared/api/methods/datasets';
import { uploadChunkBytes } from '../../../../shared/api/methods/datasets';
import { defaultSplitRatios, subsets, type Subset } from '../../../../shared/domain/dataset';
import { StudioError } from '../../../../shared/api/errors';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { datasetsRepo } from '../../store/repos/datasets';
import { importSkipsRepo } from '../../store/repos/import-skips';
import { itemsRepo } from '../../store/repos/items';
import { labelsRepo } from '../../store/repos/labels';
import { snapshotsRepo } from '../../store/repos/snapshots';
import { datasetSummary } from '../../datasets/summary';
import { defaultDatasetName, scanForPath, startImport } from '../../datasets/import-job';
import { addClass, assignLabels, classList, deleteClass, mergeClass, renameClass } from '../../datasets/classes';
import { splitDataset } from '../../datasets/splits';
import { createSnapshot } from '../../datasets/snapshots';

export function datasetsHandlers(ctx: CoreContext): HandlersFor<typeof datasetsMethods> {
  const rt = ctx.services.datasets;
  const datasets = datasetsRepo(ctx.db);
  const items = itemsRepo(ctx.db);
  const summary = (id: number) => datasetSummary(ctx.db, id, rt.jobs.isImporting(id));
  const mustExist = (id: number) => {
    if (!datasets.get(id)) throw new StudioError('not_found', `No dataset #${id}.`);
  };
  const changed = (datasetId: number) => ctx.events.emit('datasets.changed', { datasetId });
  const withCounts = (datasetId: number) => ({ classes: classList(ctx.db, datasetId), unlabeled: items.unlabeledCount(datasetId) });

  return {
    'datasets.list': () => ({ datasets: datasets.list().map((d) => summary(d.id)) }),
    'datasets.get': (p) => summary(p.datasetId),
    'datasets.rename': (p) => {
      mustExist(p.datasetId);
      datasets.rename(p.datasetId, p.name);
      changed(p.datasetId);
      return summary(p.datasetId);
    },
    'datasets.delete': (p) => {
      if (!datasets.get(p.datasetId)) return { deleted: false };
      if (rt.jobs.isImporting(p.datasetId)) throw new StudioError('conflict', 'The dataset is still importing: cancel the import first.');
      const runs = datasets.runsUsing(p.datasetId);
      if (runs > 0) throw new StudioError('conflict', `${runs} run${runs === 1 ? '' : 's'} trained on this dataset; delete them first so their record stays complete.`);
      datasets.remove(p.datasetId);
      changed(p.datasetId);
      return { deleted: true };
    },
    'datasets.import.start': async (p) => {
      const scan = await scanForPath(p.path);
      return startImport(ctx, rt.jobs, { scan, source: p.path, name: p.name ?? defaultDatasetName(p.path), datasetId: p.datasetId });
    },
    'datasets.import.cancel': (p) => {
      const job = rt.jobs.get(p.jobId);
      if (!job || job.summary) return { cancelled: false };
      job.controller.abort();
      return { cancelled: true };
    },
    'datasets.import.result': (p) => {
      const job = rt.jobs.get(p.jobId);
      if (!job) throw new StudioError('not_found', `No import job ${p.jobId} in this session.`);
      return (
        job.summary ?? {
          jobId: job.id,
          datasetId: job.datasetId,
          status: 'running' as const,
          items: 0,
          classes: {},
          skipped: [],
          duplicates: 0,
          duplicateFiles: [],
          conflicts: [],
          error: null,
          seconds: (Date.now() - job.startedAt) / 1000,
        }
      );
    },
    'datasets.upload.begin': async (p) => {
      if (p.datasetId !== undefined) mustExist(p.datasetId);
      const s = await rt.uploads.begin(p);
      return { uploadId: s.id, chunkBytes: uploadChunkBytes };
    },
    'datasets.upload.chunk': async (p) => ({ received: await rt.uploads.chunk(p.uploadId, p.fileIndex, p.offset, p.data) }),
    'datasets.upload.end': async (p) => {
      const { session, scan } = await rt.uploads.finish(p.uploadId, p.failed ?? []);
      const first = session.files[0]!.path.split(/[/\\]/).filter(Boolean);
      const name = session.name ?? (session.files.length === 1 ? defaultDatasetName(first[first.length - 1]!) : first.length > 1 ? first[0]! : 'Upload');
      return startImport(ctx, rt.jobs, {
        scan,
        source: session.files.length === 1 ? `upload: ${session.files[0]!.path}` : `upload: ${session.files.length} files`,
        name,
        datasetId: session.datasetId,
        cleanup: () => rt.uploads.removeFiles(session),
      });
    },
    'datasets.upload.abort': async (p) => ({ aborted: await rt.uploads.abort(p.uploadId) }),
    'datasets.items.list': (p) => {
      mustExist(p.datasetId);
      return { total: items.count(p.datasetId, p.filter), items: items.list(p.datasetId, p.filter, p.offset, p.limit) };
    },
    'datasets.items.ids': (p) => {
      mustExist(p.datasetId);
      return { ids: items.ids(p.datasetId, p.filter) };
    },
    'datasets.items.get': (p) => {
      mustExist(p.datasetId);
      return { items: items.byIds(p.datasetId, p.itemIds) };
    },
    'datasets.skips.list': (p) => {
      mustExist(p.datasetId);
      return { skipped: importSkipsRepo(ctx.db).list(p.datasetId) };
    },
    'datasets.labels.assign': (p) => {
      mustExist(p.datasetId);
      const out = assignLabels(ctx.db, p.datasetId, p.assignments);
      changed(p.datasetId);
      return { ...out, ...withCounts(p.datasetId) };
    },
    'datasets.classes.add': (p) => {
      mustExist(p.datasetId);
      const c = addClass(ctx.db, p.datasetId, p.name);
      changed(p.datasetId);
      return c;
    },
    'datasets.classes.rename': (p) => {
      const c = renameClass(ctx.db, p.datasetId, p.classId, p.name);
      changed(p.datasetId);
      return c;
    },
    'datasets.classes.merge': (p) => {
      const moved = mergeClass(ctx.db, p.datasetId, p.fromId, p.intoId);
      changed(p.datasetId);
      return { moved, classes: classList(ctx.db, p.datasetId) };
    },
    'datasets.classes.delete': (p) => {
      const moved = deleteClass(ctx.db, p.datasetId, p.classId, p.reassignTo);
      changed(p.datasetId);
      return { moved, classes: classList(ctx.db, p.datasetId) };
    },
    'datasets.split': (p) => {
      mustExist(p.datasetId);
      const ratios = p.ratios ?? defaultSplitRatios;
      const { items: split, assignment } = splitDataset(ctx.db, p.datasetId, p.seed, ratios);
      const names = new Map(labelsRepo(ctx.db).list(p.datasetId).map((c) => [c.id, c.name]));
      const counts: Record<string, Record<Subset, number>> = {};
      for (const it of split) {
        const key = it.labelId === null ? '(unlabeled)' : names.get(it.labelId)!;
        counts[key] ??= Object.fromEntries(subsets.map((s) => [s, 0])) as Record<Subset, number>;
        counts[key][assignment.get(it.id)!]++;
      }
      changed(p.datasetId);
      return { seed: p.seed, ratios, counts };
    },
    'datasets.snapshots.create': (p) => createSnapshot(ctx.db, p.datasetId),
    'datasets.snapshots.list': (p) => {
      mustExist(p.datasetId);
      return { snapshots: snapshotsRepo(ctx.db).list(p.datasetId) };
    },
    'datasets.snapshots.get': (p) => {
      const s = snapshotsRepo(ctx.db).get(p.snapshotId);
      if (!s) throw new StudioError('not_found', `No snapshot #${p.snapshotId}.`);
      return s;
    },
  };
}
