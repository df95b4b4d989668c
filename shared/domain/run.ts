import { z } from 'zod';

export const runStatuses = ['queued', 'running', 'paused', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof runStatuses)[number];

export const trainModes = ['probe', 'finetune', 'full'] as const;
export type TrainMode = (typeof trainModes)[number];

export const runSummarySchema = z.object({
  id: z.number().int(),
  datasetId: z.number().int().nullable(),
  datasetName: z.string().nullable(),
  snapshotId: z.number().int().nullable(),
  backboneId: z.string().nullable(),
  mode: z.enum(trainModes),
  status: z.enum(runStatuses),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number()),
  backend: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;
