import { z } from 'zod';
import { trainModes } from '../../../shared/domain/run';
import { planItemSchema } from '../training/protocol';
import { assistProgressSchema, assistRequestSchema, assistResponseSchema } from '../assist/protocol';
import type { MethodMap } from '../worker-rpc/rpc';
import { attentionParamsSchema, attentionResultSchema, explainParamsSchema, explainProgressSchema, explainResultSchema } from '../explain/protocol';

/** Everything the model process needs to rebuild a finished run: backbone, trained tail and head. */
export const runModelSpecSchema = z.object({
  runId: z.number().int(),
  mode: z.enum(trainModes),
  labels: z.array(z.string()).min(2),
  backbone: z.object({ id: z.string(), dir: z.string(), weightsHash: z.string(), loaderModule: z.string().optional() }),
  /** The run's final checkpoint (best epoch's head and trained blocks). */
  modelPath: z.string(),
  /** Text runs: tokens per item, as trained. */
  maxLength: z.number().int().default(128),
});
export type RunModelSpec = z.infer<typeof runModelSpecSchema>;

const withoutFrame = { type: true, id: true } as const;

/**
 * What the model process answers (electron/core/worker-rpc/rpc.ts says how to add one). Every
 * result names the backend it ran on, which the UI and the CLI report.
 */
export const modelMethods = {
  logits: {
    params: z.object({
      spec: runModelSpecSchema,
      items: z.array(planItemSchema),
      /** The training cache of frozen-trunk outputs: evaluation of snapshot items reuses it. */
      cacheDir: z.string().nullable(),
    }),
    result: z.object({ logits: z.array(z.array(z.number())), backend: z.string() }),
  },
  export: {
    params: z.object({ spec: runModelSpecSchema, format: z.enum(['tfjs', 'safetensors', 'onnx']), outDir: z.string() }),
    result: z.object({ files: z.array(z.string()), notes: z.array(z.string()), backend: z.string() }),
  },
  // Assisted labeling (electron/core/assist): backbone features and a probe, no run needed.
  assist: {
    params: assistRequestSchema.omit(withoutFrame),
    result: assistResponseSchema.omit(withoutFrame),
    progress: assistProgressSchema.omit(withoutFrame),
  },
  // Explain (electron/core/explain): attention maps of a backbone; Grad-CAM / rollout of a run.
  attention: { params: attentionParamsSchema, result: attentionResultSchema, progress: explainProgressSchema },
  explain: { params: explainParamsSchema.extend({ spec: runModelSpecSchema }), result: explainResultSchema, progress: explainProgressSchema },
} satisfies MethodMap;
export type ModelMethods = typeof modelMethods;
