import { z } from 'zod';
import { method } from '../define';
import { runStatuses, trainModes } from '../../domain/run';
import { trainOptionsSchema } from '../../domain/train-options';
import { backboneIdListSchema } from './training';

/** A queue address: redis://HOST:PORT (an optional /DB index and password as Redis URLs have them). */
export const queueUrlSchema = z
  .string()
  .regex(/^rediss?:\/\/[^\s/]+(\/\d*)?$/, 'A queue is a Redis URL: redis://HOST:PORT.');

export const sweepRunSchema = z.object({
  runId: z.number().int(),
  backbone: z.string(),
  mode: z.enum(trainModes),
  seed: z.number().int(),
  status: z.enum(runStatuses),
  metrics: z.record(z.string(), z.number()),
  /** The worker that trained it (its name), "local", or null while nobody has taken it. */
  worker: z.string().nullable(),
  backend: z.string().nullable(),
  /** Epochs applied so far, of `epochs`. */
  epoch: z.number().int(),
  epochs: z.number().int(),
  /** How many times a worker started it (a retry after a lost worker counts again). */
  attempts: z.number().int(),
  /** The epoch a retried attempt continued after (its checkpoint), or null. */
  resumedFromEpoch: z.number().int().nullable(),
  /** Why it failed, or why the last worker that was offered it refused it. */
  reason: z.string().nullable(),
  refusals: z.array(z.object({ worker: z.string(), reason: z.string() })),
});
export type SweepRun = z.infer<typeof sweepRunSchema>;

export const sweepSchema = z.object({
  sweepId: z.number().int(),
  datasetId: z.number().int(),
  snapshotId: z.number().int(),
  /** The queue it was fanned out on, or null for a local sweep. */
  queue: z.string().nullable(),
  createdAt: z.string(),
  /** True once every run has ended (completed, failed or cancelled). */
  done: z.boolean(),
  runs: z.array(sweepRunSchema),
});
export type Sweep = z.infer<typeof sweepSchema>;

const coordinateParams = z
  .object({
    queue: queueUrlSchema,
    /** The token workers present when they fetch data and upload checkpoints; made up when omitted. */
    token: z.string().min(16).optional(),
    /** Where the coordinator's data server listens (workers on other machines need a reachable address). */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(0),
    /** The host name workers are told to reach (defaults to the listening host). */
    advertiseHost: z.string().min(1).optional(),
  })
  .strict();

export const sweepMethods = {
  'sweep.create': method({
    description:
      'A sweep: one run per backbone × mode × seed on one snapshot of the dataset. Without a queue the runs train here, one at a time; ' +
      'with one (after sweep.coordinate) they are fanned out to the workers listening on it.',
    params: z
      .object({
        datasetId: z.number().int().positive(),
        snapshotId: z.number().int().positive().optional(),
        backboneIds: backboneIdListSchema,
        modes: z
          .array(z.enum(trainModes))
          .min(1)
          .refine((m) => new Set(m).size === m.length, 'Each mode may be picked once.')
          .default(['probe']),
        /** Seeds 0 … seeds-1 (added to options.seed). */
        seeds: z.number().int().min(1).max(100).default(1),
        options: trainOptionsSchema.default({}),
        queue: queueUrlSchema.optional(),
      })
      .strict(),
    result: sweepSchema,
  }),
  'sweep.list': method({
    description: 'Every sweep in the store, newest first.',
    params: z.object({}).strict(),
    result: z.object({ sweeps: z.array(sweepSchema) }),
  }),
  'sweep.get': method({
    description: 'A sweep and the state of each of its runs.',
    params: z.object({ sweepId: z.number().int().positive() }).strict(),
    result: sweepSchema,
  }),
  'sweep.cancel': method({
    description: 'Cancels every run of the sweep that has not ended (waiting jobs leave the queue; workers stop the ones they train).',
    params: z.object({ sweepId: z.number().int().positive() }).strict(),
    result: sweepSchema,
  }),
  'sweep.coordinate': method({
    description:
      'Makes this core the coordinator of a queue: it serves snapshot items, backbones and checkpoints by content hash to workers ' +
      '(token-authenticated HTTP), applies the results they send back, and takes over the unfinished sweeps of that queue.',
    params: coordinateParams,
    result: z.object({ queue: z.string(), url: z.string(), token: z.string() }),
  }),
  'sweep.work': method({
    description: 'Makes this core a worker on a queue: it takes training jobs, trains them here and reports back. Until the core closes.',
    params: z
      .object({
        queue: queueUrlSchema,
        token: z.string().min(16),
        concurrency: z.number().int().min(1).max(16).default(1),
        /** The name the coordinator shows for this worker (default: host and pid). */
        name: z.string().min(1).max(100).optional(),
        /**
         * How long a job stays locked without this worker renewing it: a killed worker's job is retried
         * elsewhere after about this long. Short on a LAN of reliable boxes, longer over flaky links.
         */
        lockMs: z.number().int().min(500).max(600_000).default(30_000),
      })
      .strict(),
    result: z.object({ name: z.string() }),
  }),
} as const;
