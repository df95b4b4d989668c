import { z } from 'zod';
import { method } from '../define';
import {
  classInfoSchema,
  datasetSummarySchema,
  importSummarySchema,
  itemFilterSchema,
  itemSchema,
  skipRecordSchema,
  snapshotSummarySchema,
  splitRatiosSchema,
  subsets,
} from '../../domain/dataset';

const id = z.number().int().positive();
const className = z.string().trim().min(1, 'A class needs a name.').max(200);
/** 20k-item selections must fit; the WebSocket frame limit (16 MB) is far above this. */
const itemIds = z.array(id).max(200_000);
const assignment = z.object({ itemIds, labelId: id.nullable() }).strict();

/** Raw bytes per upload chunk before base64; the renderer never holds more than this of a file. */
export const uploadChunkBytes = 1024 * 1024;

export const datasetsMethods = {
  'datasets.list': method({
    description: 'Every dataset with its item, class and split counts.',
    params: z.object({}).strict(),
    result: z.object({ datasets: z.array(datasetSummarySchema) }),
  }),
  'datasets.get': method({
    description: 'One dataset with its classes (legend order) and counts.',
    params: z.object({ datasetId: id }).strict(),
    result: datasetSummarySchema,
  }),
  'datasets.rename': method({
    description: 'Renames a dataset.',
    params: z.object({ datasetId: id, name: z.string().trim().min(1).max(200) }).strict(),
    result: datasetSummarySchema,
  }),
  'datasets.delete': method({
    description: 'Deletes a dataset, its labels, splits and snapshots. Refused while an import runs or when runs used it.',
    params: z.object({ datasetId: id }).strict(),
    result: z.object({ deleted: z.boolean() }),
  }),
  'datasets.import.start': method({
    description: 'Starts importing a folder, CSV or zip on the core machine; progress comes as datasets.import.progress events.',
    params: z
      .object({ path: z.string().min(1).max(4096), name: z.string().trim().min(1).max(200).optional(), datasetId: id.optional() })
      .strict(),
    result: z.object({ jobId: z.string(), datasetId: id }),
  }),
  'datasets.import.cancel': method({
    description: 'Stops an import; what was imported so far stays, consistent.',
    params: z.object({ jobId: z.string() }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  }),
  'datasets.import.result': method({
    description: 'Summary of an import job (status "running" while it runs).',
    params: z.object({ jobId: z.string() }).strict(),
    result: importSummarySchema,
  }),
  'datasets.upload.begin': method({
    description: 'Browser mode: opens an upload of files (folder upload, drag and drop); send bytes with datasets.upload.chunk.',
    params: z
      .object({
        name: z.string().trim().min(1).max(200).optional(),
        datasetId: id.optional(),
        files: z
          .array(z.object({ path: z.string().min(1).max(4096), size: z.number().int().min(0) }).strict())
          .min(1)
          .max(200_000),
      })
      .strict(),
    result: z.object({ uploadId: z.string(), chunkBytes: z.number().int() }),
  }),
  'datasets.upload.chunk': method({
    description: 'Writes one base64 chunk (at most 1 MB raw) of one declared file at its byte offset.',
    params: z
      .object({
        uploadId: z.string(),
        fileIndex: z.number().int().min(0),
        offset: z.number().int().min(0),
        data: z.string().max(Math.ceil(uploadChunkBytes / 3) * 4 + 4),
      })
      .strict(),
    result: z.object({ received: z.number().int() }),
  }),
  'datasets.upload.end': method({
    description: 'Closes an upload and starts importing what arrived. Files the browser could not read are listed in failed.',
    params: z
      .object({
        uploadId: z.string(),
        failed: z.array(z.object({ fileIndex: z.number().int().min(0), reason: z.string().max(1000) }).strict()).max(200_000).optional(),
      })
      .strict(),
    result: z.object({ jobId: z.string(), datasetId: id }),
  }),
  'datasets.upload.abort': method({
    description: 'Drops an upload and its temporary files.',
    params: z.object({ uploadId: z.string() }).strict(),
    result: z.object({ aborted: z.boolean() }),
  }),
  'datasets.items.list': method({
    description: 'One page of items matching a filter, in import order, with the total that match.',
    params: z
      .object({ datasetId: id, filter: itemFilterSchema.default({}), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(2000).default(500) })
      .strict(),
    result: z.object({ total: z.number().int(), items: z.array(itemSchema) }),
  }),
  'datasets.items.ids': method({
    description: 'Every item id matching a filter (select all in filter).',
    params: z.object({ datasetId: id, filter: itemFilterSchema.default({}) }).strict(),
    result: z.object({ ids: z.array(z.number().int()) }),
  }),
  'datasets.items.get': method({
    description: 'Items by id (the grid fetches the rows it shows from the id list of its filter).',
    params: z.object({ datasetId: id, itemIds: z.array(id).max(2000) }).strict(),
    result: z.object({ items: z.array(itemSchema) }),
  }),
  'datasets.skips.list': method({
    description: 'Files the imports of a dataset skipped, with the reason for each.',
    params: z.object({ datasetId: id }).strict(),
    result: z.object({ skipped: z.array(skipRecordSchema.extend({ createdAt: z.string() })) }),
  }),
  'datasets.labels.assign': method({
    description:
      'Sets the class of items (null unlabels). Returns the previous classes grouped the same way, which is what undo sends back.',
    params: z.object({ datasetId: id, assignments: z.array(assignment).min(1).max(10_000) }).strict(),
    result: z.object({ previous: z.array(assignment), changed: z.number().int(), classes: z.array(classInfoSchema), unlabeled: z.number().int() }),
  }),
  'datasets.classes.add': method({
    description: 'Adds a class at the end of the legend.',
    params: z.object({ datasetId: id, name: className }).strict(),
    result: classInfoSchema,
  }),
  'datasets.classes.rename': method({
    description: 'Renames a class; its items keep it.',
    params: z.object({ datasetId: id, classId: id, name: className }).strict(),
    result: classInfoSchema,
  }),
  'datasets.classes.merge': method({
    description: 'Moves every item of one class into another and removes the first.',
    params: z.object({ datasetId: id, fromId: id, intoId: id }).strict(),
    result: z.object({ moved: z.number().int(), classes: z.array(classInfoSchema) }),
  }),
  'datasets.classes.delete': method({
    description: 'Deletes a class; its items go to reassignTo (another class) or become unlabeled (null).',
    params: z.object({ datasetId: id, classId: id, reassignTo: id.nullable() }).strict(),
    result: z.object({ moved: z.number().int(), classes: z.array(classInfoSchema) }),
  }),
  'datasets.split': method({
    description: 'Assigns every item to train/val/test, stratified by class and reproducible for a seed.',
    params: z.object({ datasetId: id, seed: z.number().int().min(0).max(2 ** 31 - 1).default(42), ratios: splitRatiosSchema.optional() }).strict(),
    result: z.object({
      seed: z.number().int(),
      ratios: z.object({ train: z.number(), val: z.number(), test: z.number() }),
      counts: z.record(z.string(), z.record(z.enum(subsets), z.number().int())),
    }),
  }),
  'datasets.snapshots.create': method({
    description: 'Freezes items, labels and split of a dataset for a run (splits it first if it never was). Same content → same snapshot.',
    params: z.object({ datasetId: id }).strict(),
    result: snapshotSummarySchema,
  }),
  'datasets.snapshots.list': method({
    description: 'Snapshots of a dataset, newest first.',
    params: z.object({ datasetId: id }).strict(),
    result: z.object({ snapshots: z.array(snapshotSummarySchema) }),
  }),
  'datasets.snapshots.get': method({
    description: 'One snapshot.',
    params: z.object({ snapshotId: id }).strict(),
    result: snapshotSummarySchema,
  }),
} as const;
