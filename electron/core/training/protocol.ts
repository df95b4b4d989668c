import { z } from 'zod';
import { trainModes } from '../../../shared/domain/run';
import { trainOptionsSchema } from '../../../shared/api/methods/training';

/** Typed messages between the core and the training process; both sides validate what they receive. */
export const planItemSchema = z.object({
  itemId: z.number().int(),
  contentHash: z.string(),
  label: z.number().int().min(0),
  subset: z.enum(['train', 'val', 'test']),
  path: z.string().optional(),
  text: z.string().optional(),
});

export const trainJobSchema = z.object({
  runId: z.number().int(),
  mode: z.enum(trainModes),
  labels: z.array(z.string()).min(2),
  items: z.array(planItemSchema),
  backbone: z.object({
    id: z.string(),
    dir: z.string(),
    weightsHash: z.string(),
    /** Module exporting `loadBackbone(dir)`; tests point it at tiny backbones. */
    loaderModule: z.string().optional(),
  }),
  options: trainOptionsSchema,
  cacheDir: z.string(),
  checkpointDir: z.string(),
  resumeFrom: z.string().nullable(),
  forcedBackend: z.string().optional(),
});
export type TrainJob = z.infer<typeof trainJobSchema>;

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), job: trainJobSchema }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('cancel') }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

const num = z.number();
const checkpointSchema = z.object({
  type: z.literal('checkpoint'),
  epoch: z.number().int(),
  step: z.number().int(),
  path: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  /** The best epoch so far, whose checkpoint retention keeps besides the newest ones. */
  bestEpoch: z.number().int().optional(),
});
export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('backend'), name: z.string(), skipped: z.array(z.object({ name: z.string(), reason: z.string() })), warning: z.string().optional() }),
  /** What runs the frozen trunk (ONNX Runtime and its execution provider, or tfjs), recorded beside the training backend. */
  z.object({
    type: z.literal('inference'),
    engine: z.enum(['ort', 'tfjs']),
    label: z.string(),
    ep: z.string().optional(),
    skipped: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
  }),
  z.object({ type: z.literal('phase'), phase: z.enum(['loading', 'features', 'training', 'evaluating']), detail: z.string().optional() }),
  z.object({
    type: z.literal('plan'),
    cut: z.number().int(),
    numBlocks: z.number().int(),
    batchSize: z.number().int(),
    stepsPerEpoch: z.number().int(),
    startEpoch: z.number().int(),
    epochs: z.number().int(),
  }),
  z.object({ type: z.literal('features'), done: z.number().int(), total: z.number().int(), hits: z.number().int(), computed: z.number().int(), trunkSeconds: num }),
  z.object({ type: z.literal('step'), step: z.number().int(), epoch: z.number().int(), loss: num, lr: num, itemsPerSecond: num }),
  z.object({
    type: z.literal('epoch'),
    epoch: z.number().int(),
    metrics: z.record(z.string(), num),
    numTensors: z.number().int(),
    headSeconds: num,
    /** The epoch's checkpoint, already on disk: recorded in the same transaction as the epoch, so no epoch is stored without it. */
    checkpoint: checkpointSchema.omit({ type: true, epoch: true }).optional(),
  }),
  checkpointSchema,
  z.object({ type: z.literal('paused') }),
  z.object({ type: z.literal('resumed') }),
  z.object({ type: z.literal('done'), status: z.enum(['completed', 'cancelled']), metrics: z.record(z.string(), num), modelPath: z.string().nullable() }),
  z.object({ type: z.literal('error'), message: z.string() }),
  /** What the run decided and why (validation policy, regularisation, probe vs finetune), for the run's record and model card. */
  z.object({ type: z.literal('decision'), decision: z.record(z.string(), z.union([z.string(), z.number()])) }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
