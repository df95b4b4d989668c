import { z } from 'zod';
import { liveRunSchema } from '../methods/training';

/** Push events of training; step events are throttled to about 10 a second per run. */
export const trainingEvents = {
  /** Per-batch loss (throttled; every step is still stored). */
  'training.step': z.object({
    runId: z.number().int(),
    step: z.number().int(),
    epoch: z.number().int(),
    loss: z.number(),
    lr: z.number(),
  }),
  /** Per-epoch train/validation loss and accuracy. */
  'training.epoch': z.object({
    runId: z.number().int(),
    epoch: z.number().int(),
    metrics: z.record(z.string(), z.number()),
  }),
  /** Phase, progress, ETA, throughput, backend, cache hits, trunk vs head time. */
  'training.progress': liveRunSchema,
} as const;
