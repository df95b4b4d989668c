import { z } from 'zod';
import { method } from '../define';
import { runSummarySchema } from '../../domain/run';

export const runsMethods = {
  'runs.list': method({
    description: 'Every run kept in the store, newest first.',
    params: z.object({ datasetId: z.number().int().optional() }).strict(),
    result: z.object({ runs: z.array(runSummarySchema) }),
  }),
} as const;
