import { z } from 'zod';

export const assistEvents = {
  /** Assisted labeling on a dataset: backbone features computing (done of total items), then the probe. */
  'assist.progress': z.object({ datasetId: z.number().int(), phase: z.enum(['features', 'probe', 'done']), done: z.number().int(), total: z.number().int() }),
} as const;
