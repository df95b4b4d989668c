import { z } from 'zod';
import { method } from '../define';

export const demoStatusSchema = z.object({
  /** The demo dataset and starter backbone ship with this build. */
  available: z.boolean(),
  /** Nothing imported yet: the moment to offer "Try the demo". */
  empty: z.boolean(),
  reason: z.string().nullable(),
  datasetId: z.number().int().nullable(),
  runId: z.number().int().nullable(),
});

export const demoMethods = {
  'demo.status': method({
    description: 'Whether to offer the demo (empty data folder, demo resources present) and what a started demo made.',
    params: z.object({}).strict(),
    result: demoStatusSchema,
  }),
  'demo.start': method({
    description: 'Imports the demo dataset, installs the starter backbone and starts a probe run on it, offline.',
    params: z.object({ epochs: z.number().int().min(1).max(100).optional() }).strict(),
    result: z.object({ datasetId: z.number().int(), backboneId: z.string(), runId: z.number().int() }),
  }),
} as const;
