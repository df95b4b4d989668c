import { z } from 'zod';

/**
 * Assisted labeling's messages to and from the model process (the process that owns tfjs; see
 * predict/host.ts). Items carry their label as an index into the dataset's classes, or null.
 */
export const assistItemSchema = z.object({
  itemId: z.number().int(),
  contentHash: z.string(),
  label: z.number().int().nullable(),
  path: z.string().optional(),
  text: z.string().optional(),
});
export type AssistItem = z.infer<typeof assistItemSchema>;

export const assistTaskSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('suggest'), alpha: z.number().min(0).max(1), greedy: z.number().int().min(0) }),
  z.object({ kind: z.literal('suspects'), seed: z.number().int(), folds: z.number().int().min(2), minGap: z.number() }),
]);
export type AssistTask = z.infer<typeof assistTaskSchema>;

export const assistRequestSchema = z.object({
  type: z.literal('assist'),
  id: z.number().int(),
  backbone: z.object({ id: z.string(), dir: z.string(), weightsHash: z.string(), loaderModule: z.string().optional() }),
  maxLength: z.number().int().default(128),
  /** The training cache of frozen-trunk outputs: features computed here serve later probe runs and back. */
  cacheDir: z.string(),
  items: z.array(assistItemSchema),
  task: assistTaskSchema,
});
export type AssistRequest = z.infer<typeof assistRequestSchema>;

const suggestionRow = z.object({
  itemId: z.number().int(),
  score: z.number(),
  uncertainty: z.number().nullable(),
  predicted: z.number().int().nullable(),
  confidence: z.number().nullable(),
});
const suspectRow = z.object({
  itemId: z.number().int(),
  given: z.number().int(),
  suggested: z.number().int(),
  confidence: z.number(),
  givenProbability: z.number(),
  gap: z.number(),
});

export const assistResponseSchema = z.object({
  type: z.literal('assist'),
  id: z.number().int(),
  backend: z.string(),
  features: z.object({ hits: z.number().int(), computed: z.number().int(), seconds: z.number() }),
  suggest: z.object({ mode: z.enum(['uncertainty+diversity', 'diversity']), rows: z.array(suggestionRow) }).optional(),
  suspects: z.object({ folds: z.number().int(), agreement: z.number(), checked: z.number().int(), rows: z.array(suspectRow) }).optional(),
});
export type AssistResponse = z.infer<typeof assistResponseSchema>;

/** Sent while features compute; never settles the request. */
export const assistProgressSchema = z.object({
  type: z.literal('progress'),
  id: z.number().int(),
  phase: z.enum(['features', 'probe']),
  done: z.number().int(),
  total: z.number().int(),
});
export type AssistProgress = z.infer<typeof assistProgressSchema>;
