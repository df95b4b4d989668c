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
  /** The text demo (package descriptions + the starter BERT) ships with this build. */
  textAvailable: z.boolean().default(false),
  textReason: z.string().nullable().default(null),
});

export const demoMethods = {
  'demo.status': method({
    description: 'Whether to offer the demo (empty data folder, demo resources present) and what a started demo made.',
    params: z.object({}).strict(),
    result: demoStatusSchema,
  }),
  'demo.start': method({
    description: 'Imports the demo dataset, installs the starter backbone and starts a probe run on it, offline (kind "text": package descriptions on the starter BERT).',
    params: z.object({ epochs: z.number().int().min(1).max(100).optional(), kind: z.enum(['image', 'text']).default('image') }).strict(),
    result: z.object({ datasetId: z.number().int(), backboneId: z.string(), runId: z.number().int() }),
  }),
} as const;
