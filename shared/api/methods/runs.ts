import { z } from 'zod';
import { method } from '../define';
import { runSummarySchema } from '../../domain/run';

export const runsMethods = {
  'runs.list': method({
    description: 'Every run kept in the store, newest first.',
    params: z.object({ datasetId: z.number().int().optional() }).strict(),
    result: z.object({ runs: z.array(runSummarySchema) }),
  }),
  'runs.diskUsage': method({
    description: 'Bytes each run keeps on disk (checkpoints, model, predictions), with its epoch checkpoints counted apart.',
    params: z.object({ runId: z.number().int().positive().optional() }).strict(),
    result: z.object({
      totalBytes: z.number(),
      runs: z.array(z.object({ runId: z.number().int(), bytes: z.number(), checkpoints: z.number().int(), checkpointBytes: z.number() })),
    }),
  }),
  'runs.cleanCheckpoints': method({
    description:
      "Deletes old runs' epoch checkpoints in one go: a completed run keeps none (its model stays), an interrupted, " +
      'failed or cancelled one keeps its last (what resume continues from). Runs that are training are left alone.',
    params: z.object({ runIds: z.array(z.number().int().positive()).max(10_000).optional() }).strict(),
    result: z.object({ freedBytes: z.number(), files: z.number().int(), runs: z.number().int(), skipped: z.array(z.number().int()) }),
  }),
  'runs.delete': method({
    description: 'Deletes a run that is not training: its record, metrics, evaluation, checkpoints and model. Exports written elsewhere stay.',
    params: z.object({ runId: z.number().int().positive() }).strict(),
    result: z.object({ deleted: z.literal(true), freedBytes: z.number() }),
  }),
} as const;
