import { z } from 'zod';
import { method } from '../define';
import { runSummarySchema, trainModes } from '../../domain/run';
import { trainOptionsSchema } from '../../domain/train-options';

// The options and their defaults are domain facts (shared/domain/train-options.ts); the contract uses them.
export { defaultLearningRate, trainOptionsSchema, type TrainOptions, type TrainOptionsInput } from '../../domain/train-options';

export const metricPointSchema = z.object({
  scope: z.enum(['step', 'epoch']),
  idx: z.number().int(),
  name: z.string(),
  value: z.number(),
});

export const cacheInfoSchema = z.object({ bytes: z.number(), entries: z.number().int(), dir: z.string() });

/** What the Train page shows besides the charts. */
export const liveRunSchema = z.object({
  runId: z.number().int(),
  status: runSummarySchema.shape.status,
  phase: z.string(),
  backend: z.object({ name: z.string(), skipped: z.array(z.object({ name: z.string(), reason: z.string() })), warning: z.string().optional() }).nullable(),
  epoch: z.number().int(),
  epochs: z.number().int(),
  step: z.number().int(),
  totalSteps: z.number().int(),
  etaSeconds: z.number().nullable(),
  itemsPerSecond: z.number().nullable(),
  cache: z.object({ hits: z.number().int(), computed: z.number().int(), total: z.number().int() }),
  trunkSeconds: z.number(),
  headSeconds: z.number(),
});

const runId = z.number().int().positive();

/** The backbones one call trains on (Compare several, a sweep): each picked once, at most 32. */
export const backboneIdListSchema = z
  .array(z.string().min(1))
  .min(1)
  .max(32)
  .refine((ids) => new Set(ids).size === ids.length, 'Each backbone may be picked once.');

/** A "compare backbones" batch: one snapshot, runs trained one after another (one process at a time). */
export const queueBatchSchema = z.object({
  batchId: z.number().int(),
  datasetId: z.number().int(),
  snapshotId: z.number().int(),
  mode: z.enum(trainModes),
  /** In training order; each run's status says waiting (queued), running, done… */
  runs: z.array(runSummarySchema),
  /** Runs still waiting for their turn, in order. */
  waiting: z.array(z.number().int()),
});
export type QueueBatch = z.infer<typeof queueBatchSchema>;

export const trainingMethods = {
  'training.start': method({
    description: 'Starts a run in its own process on a snapshot of the dataset (made now unless given) and a backbone.',
    params: z
      .object({
        datasetId: z.number().int().positive(),
        snapshotId: z.number().int().positive().optional(),
        backboneId: z.string().min(1),
        mode: z.enum(trainModes).default('probe'),
        options: trainOptionsSchema.default({}),
      })
      .strict(),
    result: runSummarySchema,
  }),
  'training.startMany': method({
    description:
      'Queues one run per backbone on one snapshot of the dataset with the same settings; they train one after another ' +
      '(one training process at a time). Cancelling a waiting run takes it out of the queue.',
    params: z
      .object({
        datasetId: z.number().int().positive(),
        snapshotId: z.number().int().positive().optional(),
        backboneIds: backboneIdListSchema,
        mode: z.enum(trainModes).default('probe'),
        options: trainOptionsSchema.default({}),
      })
      .strict(),
    result: z.object({ runIds: z.array(z.number().int()), snapshotId: z.number().int(), batchId: z.number().int() }),
  }),
  'training.queue': method({
    description: 'The compare-backbones batches queued since the core started, newest first.',
    params: z.object({}).strict(),
    result: z.object({ batches: z.array(queueBatchSchema) }),
  }),
  'training.pause': method({
    description: 'Pauses a running run after its current batch.',
    params: z.object({ runId }).strict(),
    result: runSummarySchema,
  }),
  'training.resume': method({
    description: 'Resumes a paused run, or restarts an interrupted/failed one from its last checkpoint.',
    params: z.object({ runId }).strict(),
    result: runSummarySchema,
  }),
  'training.cancel': method({
    description: 'Stops a run; its checkpoints are kept.',
    params: z.object({ runId }).strict(),
    result: runSummarySchema,
  }),
  'training.metrics': method({
    description: 'Every stored metric point of a run plus its live state: what a re-attaching page back-fills from.',
    params: z.object({ runId, sinceStep: z.number().int().min(0).optional() }).strict(),
    result: z.object({ run: runSummarySchema, points: z.array(metricPointSchema), live: liveRunSchema.nullable() }),
  }),
  'training.active': method({
    description: 'Runs that have a training process right now.',
    params: z.object({}).strict(),
    result: z.object({ runs: z.array(liveRunSchema) }),
  }),
  'training.cacheInfo': method({
    description: 'Size of the on-disk cache of frozen-trunk activations.',
    params: z.object({}).strict(),
    result: cacheInfoSchema,
  }),
  'training.clearCache': method({
    description: 'Deletes the activation cache (refused while a run is training).',
    params: z.object({}).strict(),
    result: z.object({ freedBytes: z.number(), entries: z.number().int() }),
  }),
} as const;
