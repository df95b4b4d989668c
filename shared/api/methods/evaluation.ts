import { z } from 'zod';
import { method } from '../define';

const runId = z.number().int().positive();

export const classFiguresSchema = z.object({ precision: z.number(), recall: z.number(), f1: z.number(), support: z.number().int() });

/** The contract's `studio eval --json` document, plus macro F1 and the item count. */
export const evaluationReportSchema = z.object({
  accuracy: z.number(),
  labels: z.array(z.string()),
  /** confusion[true][predicted] */
  confusion: z.array(z.array(z.number().int())),
  perClass: z.record(z.string(), classFiguresSchema),
  macroF1: z.number(),
  count: z.number().int(),
  /**
   * cross-validation: a run that trained on every labelled item (small data) is judged by the
   * out-of-fold predictions its k-fold estimate came from, never by items it trained on.
   */
  method: z.enum(['held-out', 'cross-validation']).optional(),
  folds: z.number().int().optional(),
});
export type EvaluationReportDto = z.infer<typeof evaluationReportSchema>;

export const runEvaluationSchema = z.object({
  runId: z.number().int(),
  /** none: not evaluated yet (or the run has not finished). */
  status: z.enum(['none', 'running', 'completed', 'failed']),
  subset: z.enum(['train', 'val', 'test']).nullable(),
  report: evaluationReportSchema.nullable(),
  error: z.string().nullable(),
  seconds: z.number(),
});
export type RunEvaluation = z.infer<typeof runEvaluationSchema>;

export const predictedItemSchema = z.object({
  itemId: z.number().int(),
  name: z.string(),
  /** For `/files/thumb/<id>` and `/files/image/<id>`. */
  contentHash: z.string(),
  text: z.string().nullable(),
  subset: z.enum(['train', 'val', 'test']),
  /** The label in the run's snapshot (what the run was judged against). */
  trueLabel: z.string(),
  predictedLabel: z.string(),
  confidence: z.number(),
  /** The item's label in the dataset now (relabeling changes this, never the snapshot). */
  currentLabel: z.string().nullable(),
  currentLabelId: z.number().int().nullable(),
});
export type PredictedItem = z.infer<typeof predictedItemSchema>;

export const evaluationMethods = {
  'evaluation.get': method({
    description: "A run's stored evaluation on its snapshot's test split (status none until it has been evaluated).",
    params: z.object({ runId }).strict(),
    result: runEvaluationSchema,
  }),
  'evaluation.run': method({
    description: 'Evaluates a finished run on its snapshot’s test split (validation if there is no test split), storing a prediction per item.',
    params: z.object({ runId, force: z.boolean().default(false) }).strict(),
    result: runEvaluationSchema,
  }),
  'evaluation.items': method({
    description: 'Evaluated items of a run: a confusion-matrix cell (true × predicted) or every misclassified item, most confident first.',
    params: z
      .object({
        runId,
        trueLabel: z.string().optional(),
        predictedLabel: z.string().optional(),
        misclassifiedOnly: z.boolean().default(false),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    result: z.object({
      total: z.number().int(),
      items: z.array(predictedItemSchema),
      datasetId: z.number().int().nullable(),
      /** The dataset's classes now: what a relabel can pick from. */
      classes: z.array(z.object({ id: z.number().int(), name: z.string() })),
    }),
  }),
  'evaluation.path': method({
    description: 'Evaluates a run on a folder (class per subfolder), CSV or zip; labels are matched to the run’s by name.',
    params: z.object({ runId, path: z.string().min(1) }).strict(),
    result: evaluationReportSchema.extend({ skipped: z.array(z.object({ path: z.string(), reason: z.string() })) }),
  }),
} as const;
