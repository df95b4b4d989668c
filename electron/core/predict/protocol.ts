import { z } from 'zod';
import { trainModes } from '../../../shared/domain/run';
import { planItemSchema } from '../training/protocol';
import { assistProgressSchema, assistRequestSchema, assistResponseSchema } from '../assist/protocol';

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

export const modelRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('logits'),
    id: z.number().int(),
    spec: runModelSpecSchema,
    items: z.array(planItemSchema),
    /** The training cache of frozen-trunk outputs: evaluation of snapshot items reuses it. */
    cacheDir: z.string().nullable(),
  }),
  z.object({
    type: z.literal('export'),
    id: z.number().int(),
    spec: runModelSpecSchema,
    format: z.enum(['tfjs', 'safetensors']),
    outDir: z.string(),
  }),
  // Assisted labeling (electron/core/assist): backbone features and a probe, no run needed.
  assistRequestSchema,
]);
export type ModelRequest = z.infer<typeof modelRequestSchema>;

export const modelResponseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('logits'), id: z.number().int(), logits: z.array(z.array(z.number())), backend: z.string() }),
  z.object({ type: z.literal('exported'), id: z.number().int(), files: z.array(z.string()), notes: z.array(z.string()), backend: z.string() }),
  z.object({ type: z.literal('error'), id: z.number().int(), message: z.string(), code: z.string().optional() }),
  assistResponseSchema,
  /** Progress of a long request; does not settle it. */
  assistProgressSchema,
]);
export type ModelResponse = z.infer<typeof modelResponseSchema>;
