import { z } from 'zod';
import { method } from '../define';
import { runSummarySchema, trainModes } from '../../domain/run';

/** Every knob has a default a non-coder never has to touch. */
export const trainOptionsSchema = z
  .object({
    epochs: z.number().int().min(1).max(1000).default(20),
    /** finetune: how many of the last blocks train (default: the family's). */
    finetuneBlocks: z.number().int().min(1).max(1000).optional(),
    /** Omit to size batches to memory. */
    batchSize: z.number().int().min(1).max(4096).optional(),
    learningRate: z.number().positive().max(10).optional(),
    weightDecay: z.number().min(0).max(1).default(0.01),
    /**
     * Classic L2 penalty added to the loss, l2/2 · Σ w² over weight matrices (biases and norm scales
     * excluded), as a logistic-regression probe has it; 0 = off (AdamW's decoupled decay regularises).
     */
    l2: z.number().min(0).max(10).default(0),
    warmupFraction: z.number().min(0).max(0.9).default(0.05),
    labelSmoothing: z.number().min(0).max(0.5).default(0.1),
    dropout: z.number().min(0).max(0.9).default(0.2),
    hiddenUnits: z.number().int().min(0).max(8192).default(0),
    classWeights: z.boolean().default(true),
    /** Image augmentation views cached per item (1 = none). */
    augmentViews: z.number().int().min(1).max(8).default(3),
    /** Early stopping on validation loss; the best epoch's weights are restored. */
    patience: z.number().int().min(0).max(1000).default(5),
    /**
     * Epoch checkpoints kept while a run trains, besides the best epoch's: the newest N (resume needs
     * the last one); 0 keeps every one. The rest are deleted as training goes.
     */
    keepCheckpoints: z.number().int().min(0).max(1000).default(1),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    /** Text: tokens per item. */
    maxLength: z.number().int().min(8).max(512).default(128),
    /**
     * How the linear head is fitted: 'exact' solves multinomial logistic regression on standardised
     * features to convergence (the probe, and finetune's starting head); 'sgd' trains it with AdamW
     * over epochs (always so with a hidden layer).
     */
    headSolver: z.enum(['exact', 'sgd']).default('exact'),
    /** Inverse regularisation strength of the exact head (scikit-learn's C); omit to choose it on held-out data. */
    probeC: z.number().positive().max(1e6).optional(),
    /**
     * 'split' trains on the train subset and reports validation and test figures; 'cv' uses every
     * labelled item, estimates accuracy by stratified k-fold cross-validation and refits on all;
     * 'auto' picks 'cv' when a class has fewer than 30 labelled items.
     */
    validation: z.enum(['auto', 'split', 'cv']).default('auto'),
    cvFolds: z.number().int().min(2).max(10).default(5),
    /** Fewest optimizer steps an SGD-trained part gets, whatever the dataset size (epochs grow to reach it). */
    minSteps: z.number().int().min(0).max(100_000).default(150),
    /** Finetune: the unfrozen backbone blocks learn at this fraction of the head's learning rate. */
    backboneLrScale: z.number().positive().max(1).default(0.1),
  })
  .strict();
export type TrainOptions = z.output<typeof trainOptionsSchema>;
export type TrainOptionsInput = z.input<typeof trainOptionsSchema>;

/** The learning rate a run uses when none is given: the trainer's default and the form's placeholder. */
export const defaultLearningRate = (mode: 'probe' | 'finetune' | 'full'): number => (mode === 'probe' ? 3e-3 : 3e-4);

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
        backboneIds: z
          .array(z.string().min(1))
          .min(1)
          .max(32)
          .refine((ids) => new Set(ids).size === ids.length, 'Each backbone may be picked once.'),
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
