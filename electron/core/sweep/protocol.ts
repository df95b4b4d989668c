import { z } from 'zod';
import { trainModes } from '../../../shared/domain/run';
import { trainOptionsSchema } from '../../../shared/domain/train-options';

/** BullMQ queue names on one Redis: jobs go out on one, results come back on the other. */
export const jobsQueueName = 'studio-sweep-jobs';
export const resultsQueueName = 'studio-sweep-results';
/** Redis key holding the coordinator's data-server URL (it changes when the coordinator restarts). */
export const coordinatorUrlKey = 'studio-sweep:coordinator-url';
/** Pub/sub channel on which the coordinator names runs to stop (workers subscribe). */
export const cancelChannel = 'studio-sweep:cancel';
/** Redis set of cancelled run keys: a worker that missed the message checks it before it starts. */
export const cancelledSetKey = 'studio-sweep:cancelled';

const sha = z.string().regex(/^[0-9a-f]{64}$/);

/** One run to train: everything a worker needs, with data named by content hash, never by a coordinator path. */
export const sweepJobSchema = z.object({
  /** The coordinator's store (random per data folder): two coordinators on one Redis never apply each other's results. */
  storeId: z.string(),
  sweepId: z.number().int(),
  runId: z.number().int(),
  /** The coordinator's version: a worker of another version refuses the job. */
  version: z.string(),
  mode: z.enum(trainModes),
  labels: z.array(z.string()).min(2),
  items: z.array(
    z.object({
      itemId: z.number().int(),
      contentHash: sha,
      label: z.number().int().min(0),
      subset: z.enum(['train', 'val', 'test']),
      /** Images travel by hash; texts inline. */
      text: z.string().optional(),
      hasBlob: z.boolean(),
    }),
  ),
  backbone: z.object({ id: z.string(), weightsHash: z.string(), files: z.array(z.object({ name: z.string(), sha256: sha, bytes: z.number().int() })) }),
  options: trainOptionsSchema,
  /**
   * Written by the worker after each uploaded checkpoint, before the epoch's result is sent: a retry
   * on another worker continues from it, and first re-sends that result (the coordinator drops it if
   * it has it), so an epoch is never lost between the two writes.
   */
  resume: z
    .object({ epoch: z.number().int(), step: z.number().int(), checkpoint: sha, result: z.lazy(() => epochResultSchema) })
    .nullable(),
  /** How many times a worker began training it (BullMQ's own count also counts refusals and delays). */
  starts: z.number().int().min(0).default(0),
});
export type SweepJob = z.infer<typeof sweepJobSchema>;

const base = { storeId: z.string(), runId: z.number().int(), worker: z.string() };
const epochResultSchema = z.object({
  ...base,
  type: z.literal('epoch'),
  epoch: z.number().int().min(1),
  metrics: z.record(z.string(), z.number()),
  numTensors: z.number().int(),
  /** The epoch's checkpoint, uploaded before this was sent (null when the coordinator could not be reached). */
  checkpoint: z.object({ sha256: sha, bytes: z.number().int(), step: z.number().int() }).nullable(),
});
/** What workers send back. Each is applied idempotently (a queue delivers at least once). */
export const sweepResultSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('started'), attempt: z.number().int(), resumedFromEpoch: z.number().int().nullable() }),
  z.object({ ...base, type: z.literal('backend'), name: z.string(), skipped: z.array(z.object({ name: z.string(), reason: z.string() })) }),
  epochResultSchema,
  z.object({
    ...base,
    type: z.literal('done'),
    status: z.enum(['completed', 'cancelled']),
    metrics: z.record(z.string(), z.number()),
    model: z.object({ sha256: sha, bytes: z.number().int() }).nullable(),
    /** The epochs this attempt trained (a resumed attempt starts after its checkpoint). */
    trainedEpochs: z.array(z.number().int()),
  }),
  z.object({ ...base, type: z.literal('failed'), reason: z.string() }),
  z.object({ ...base, type: z.literal('refused'), reason: z.string() }),
]);
export type SweepResult = z.infer<typeof sweepResultSchema>;

/** Job ids are the run's: adding a run twice (a coordinator restart re-adopting it) is a no-op in BullMQ. */
export const jobIdOf = (storeId: string, runId: number): string => `${storeId}-run-${runId}`;
