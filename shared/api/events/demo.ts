import { z } from 'zod';

export const demoEvents = {
  /** What "Try the demo" is doing now, for the banner. */
  'demo.progress': z.object({ phase: z.enum(['importing', 'installing', 'training', 'done', 'failed']), message: z.string(), runId: z.number().int().nullable() }),
} as const;
