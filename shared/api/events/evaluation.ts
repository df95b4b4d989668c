import { z } from 'zod';

export const evaluationEvents = {
  /** A run's evaluation started, finished or failed. */
  'evaluation.changed': z.object({ runId: z.number().int(), status: z.enum(['none', 'running', 'completed', 'failed']) }),
} as const;
