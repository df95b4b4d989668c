import { z } from 'zod';

/** A sweep's runs changed (a worker took one, an epoch or a result landed, a refusal): the grid refetches. */
export const sweepEvents = {
  'sweep.changed': z.object({ sweepId: z.number().int(), runId: z.number().int().optional() }),
} as const;
