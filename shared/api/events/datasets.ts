import { z } from 'zod';
import { importSummarySchema } from '../../domain/dataset';

// Push events of the dataset domain.
export const datasetEvents = {
  /** About ten a second while an import runs. rate is items per second over the import so far. */
  'datasets.import.progress': z.object({
    jobId: z.string(),
    datasetId: z.number().int(),
    phase: z.enum(['scanning', 'importing']),
    done: z.number().int(),
    total: z.number().int(),
    current: z.string(),
    rate: z.number(),
    imported: z.number().int(),
    skipped: z.number().int(),
    duplicates: z.number().int(),
  }),
  'datasets.import.finished': importSummarySchema,
  /** Items, labels, classes or splits of a dataset changed (another window may be showing it). */
  'datasets.changed': z.object({ datasetId: z.number().int() }),
} as const;
