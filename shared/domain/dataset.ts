import { z } from 'zod';

export const datasetKinds = ['image', 'text'] as const;
export type DatasetKind = (typeof datasetKinds)[number];

export const subsets = ['train', 'val', 'test'] as const;
export type Subset = (typeof subsets)[number];

export const classInfoSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** 0-based; the legend shows position + 1 as the key that assigns it. */
  position: z.number().int(),
  count: z.number().int(),
});
export type ClassInfo = z.infer<typeof classInfoSchema>;

export const datasetSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(datasetKinds),
  sourcePath: z.string().nullable(),
  createdAt: z.string(),
  items: z.number().int(),
  unlabeled: z.number().int(),
  skipped: z.number().int(),
  classes: z.array(classInfoSchema),
  /** Items per subset; absent subsets count 0. `none` = items not yet split. */
  subsets: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int(), none: z.number().int() }),
  importing: z.boolean(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

export const itemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  originalPath: z.string().nullable(),
  contentHash: z.string(),
  labelId: z.number().int().nullable(),
  subset: z.enum(subsets).nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  text: z.string().nullable(),
  /** Ids for `/files/thumb/<id>` and `/files/image/<id>`; null for text items. */
  thumbId: z.string().nullable(),
});
export type Item = z.infer<typeof itemSchema>;

/** What the labeling workspace filters on; fields combine with AND. */
export const itemFilterSchema = z
  .object({
    /** A class id, or 'unlabeled'. */
    label: z.union([z.number().int(), z.literal('unlabeled')]).optional(),
    subset: z.union([z.enum(subsets), z.literal('none')]).optional(),
    /** Case-insensitive substring of the file name (or of the text, for text items). */
    search: z.string().max(500).optional(),
  })
  .strict();
export type ItemFilter = z.infer<typeof itemFilterSchema>;

export const skipRecordSchema = z.object({ path: z.string(), reason: z.string() });
export type SkipRecord = z.infer<typeof skipRecordSchema>;

/**
 * The same bytes found under different classes in one import. The policy: the item is imported
 * once and left unlabeled (no class is more right than another), and every path is listed so the
 * user can decide in the workspace. A copy that clashes with an item already in the dataset
 * leaves that item's label as it was.
 */
export const importConflictSchema = z.object({
  /** Every path where these bytes were found; the first is the one kept as the item's path. */
  paths: z.array(z.string()),
  /** The classes they claimed, in the order found. */
  labels: z.array(z.string()),
  /** What the import did about it, in words. */
  resolution: z.string(),
});
export type ImportConflict = z.infer<typeof importConflictSchema>;

export const importStatuses = ['running', 'completed', 'cancelled', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const importSummarySchema = z.object({
  jobId: z.string(),
  datasetId: z.number().int(),
  status: z.enum(importStatuses),
  /** Items this import added (duplicates not included). */
  items: z.number().int(),
  /** Item count per class over the whole dataset after the import. */
  classes: z.record(z.string(), z.number().int()),
  skipped: z.array(skipRecordSchema),
  duplicates: z.number().int(),
  /** Which files were duplicates, and of what: the first path seen with the same bytes. */
  duplicateFiles: z.array(z.object({ path: z.string(), sameAs: z.string() })),
  /** Same bytes under different classes (see importConflictSchema); absent from older summaries. */
  conflicts: z.array(importConflictSchema).default([]),
  error: z.string().nullable(),
  seconds: z.number(),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export const splitRatiosSchema = z
  .object({ train: z.number().min(0).max(1), val: z.number().min(0).max(1), test: z.number().min(0).max(1) })
  .refine((r) => Math.abs(r.train + r.val + r.test - 1) < 1e-6, { message: 'train + val + test must add up to 1' })
  .refine((r) => r.train > 0, { message: 'train must be above 0' });
export type SplitRatios = z.infer<typeof splitRatiosSchema>;
export const defaultSplitRatios: SplitRatios = { train: 0.7, val: 0.15, test: 0.15 };

export const snapshotSummarySchema = z.object({
  id: z.number().int(),
  datasetId: z.number().int(),
  hash: z.string(),
  labels: z.array(z.string()),
  items: z.number().int(),
  subsets: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int() }),
  createdAt: z.string(),
});
export type SnapshotSummary = z.infer<typeof snapshotSummarySchema>;

/** Display name of an item: the last segment of its original path. */
export function itemDisplayName(path: string): string {
  const parts = path.split(/[/\\]/);
  return parts[parts.length - 1] || path;
}
