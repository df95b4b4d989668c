import { z } from 'zod';
import { planItemSchema } from '../training/protocol';

/** Most attention numbers one call returns inline (the explorer's sentence); files take the rest (`out`). */
export const maxInlineAttention = 8_000_000;

export const attentionSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('texts'), texts: z.array(z.string()).min(1), maxLength: z.number().int().min(1).optional() }),
  z.object({ kind: z.literal('pixels'), path: z.string().min(1) }),
  z.object({ kind: z.literal('images'), paths: z.array(z.string().min(1)).min(1) }),
]);
export type AttentionSource = z.infer<typeof attentionSourceSchema>;

const progress = z.object({ done: z.number().int(), total: z.number().int(), backend: z.string() });

export const attentionParamsSchema = z.object({
  backboneDir: z.string().min(1),
  source: attentionSourceSchema,
  /** Writes float32 [N, layers, heads, T, T] .npy here; without it the numbers come back inline. */
  out: z.string().min(1).nullable().default(null),
});

export const attentionResultSchema = z.object({
  shape: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int(), z.number().int()]),
  /** Per item, the T token strings (padding shows as the pad token); ViT: CLS then the patches row by row. */
  tokens: z.array(z.array(z.string())),
  data: z.array(z.number()).nullable(),
  family: z.string(),
  architecture: z.string(),
  backend: z.string(),
});

/** The model process adds the run's `spec` (predict/protocol.ts), which this file cannot import (a cycle). */
export const explainParamsSchema = z.object({
  items: z.array(planItemSchema),
  /** Alternatively raw NCHW float32 pixels (already normalised) from a .npy. */
  pixels: z.string().min(1).nullable().default(null),
  /** The class to explain for every item; null: each item's predicted class. */
  classIndex: z.number().int().min(0).nullable().default(null),
  /** auto: Grad-CAM for CNNs and text, rollout for ViT; gradcam: Grad-CAM for every family (ViT: its last block's tokens). */
  method: z.enum(['auto', 'gradcam', 'rollout']).default('auto'),
  /** Also return each item's network input as a PNG (base64) for an exact overlay. */
  withInputs: z.boolean().default(false),
  /** Also return each item's input with the map blended in (jet, 45 %) as a PNG (base64): the CLI's overlay files. */
  withOverlays: z.boolean().default(false),
});

export const explainItemSchema = z.object({
  classIndex: z.number().int(),
  /** Softmax probability of that class. */
  score: z.number(),
  /** Image runs: the map [h, w] row-major in [0, 1]; text runs: one score per token. */
  cam: z.array(z.number()),
  h: z.number().int(),
  w: z.number().int(),
  tokens: z.array(z.string()).nullable(),
  /** The network's input as seen (crop, resize), as a PNG, base64; null unless asked for. */
  inputPng: z.string().nullable(),
  overlayPng: z.string().nullable(),
});

export const explainResultSchema = z.object({
  method: z.enum(['gradcam', 'rollout', 'gradcam-tokens']),
  items: z.array(explainItemSchema),
  backend: z.string(),
});

export const explainProgressSchema = progress;
