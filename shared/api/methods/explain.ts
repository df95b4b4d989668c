import { z } from 'zod';
import { method } from '../define';
import { maxPredictImageBytes } from './predict';

const backboneRef = {
  backboneId: z.string().min(1).max(200).optional(),
  backboneDir: z.string().min(1).max(4096).optional(),
};

export const attentionResultSchema = z.object({
  /** [N, layers, heads, T, T] */
  shape: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int(), z.number().int()]),
  /** Per item, its T tokens (padding shows as the pad token); ViT: [CLS] then the patches row by row. */
  tokens: z.array(z.array(z.string())),
  /** Row-major probabilities, or null when they were written to `out`. */
  data: z.array(z.number()).nullable(),
  out: z.string().nullable(),
  family: z.string(),
  architecture: z.string(),
  /** The installed id when the backbone is one, else the folder used as it is. */
  backbone: z.string(),
  backend: z.string(),
});
export type AttentionResult = z.infer<typeof attentionResultSchema>;

export const explainItemSchema = z.object({
  /** The file (or image name / text) explained. */
  file: z.string(),
  /** The class explained and its probability. */
  label: z.string(),
  classIndex: z.number().int(),
  score: z.number(),
  /** Image runs: the map [h, w] row-major in [0, 1]; text runs: h = 1, w = T, one score per token. */
  cam: z.array(z.number()),
  h: z.number().int(),
  w: z.number().int(),
  tokens: z.array(z.string()).nullable(),
  /** The network's input as it saw it (crop, resize), PNG base64, when `withInputs`. */
  inputPng: z.string().nullable(),
  /** Written with `outDir`: the overlay PNG. */
  overlayPath: z.string().nullable(),
});
export type ExplainItem = z.infer<typeof explainItemSchema>;

export const explainMethods = {
  'explain.attention': method({
    description:
      "Attention probabilities of every layer and head of a transformer backbone (BERT, GPT-2, ViT), after masking and softmax as " +
      'transformers (output_attentions) and timm compute them, for texts (inline or a T.json), NCHW pixels (.npy) or image files. ' +
      'Computed in the model process; explain.progress events carry `progressId`. With `out`: float32 [N, layers, heads, T, T] .npy.',
    params: z
      .object({
        ...backboneRef,
        texts: z.array(z.string().max(100_000)).min(1).max(10_000).optional(),
        /** T.json: a JSON array of strings, or {"texts": [...]}. */
        textsFile: z.string().min(1).max(4096).optional(),
        pixels: z.string().min(1).max(4096).optional(),
        images: z.array(z.string().min(1).max(4096)).min(1).max(10_000).optional(),
        maxLength: z.number().int().min(1).max(100_000).optional(),
        out: z.string().min(1).max(4096).optional(),
        progressId: z.string().min(1).max(100).optional(),
      })
      .strict()
      .refine((p) => (p.backboneId === undefined) !== (p.backboneDir === undefined), { message: 'Give exactly one of backboneId or backboneDir.', path: ['backboneId'] })
      .refine((p) => [p.texts, p.textsFile, p.pixels, p.images].filter((v) => v !== undefined).length === 1, {
        message: 'Give exactly one of texts, textsFile (--texts T.json), pixels (--pixels X.npy) or images.',
        path: ['texts'],
      })
      .refine((p) => p.maxLength === undefined || p.texts !== undefined || p.textsFile !== undefined, { message: '--max-length applies to texts only.', path: ['maxLength'] }),
    result: attentionResultSchema,
  }),
  'explain.run': method({
    description:
      'Why a finished run predicted what it did: Grad-CAM for ResNet/VGG (the last conv stage, ReLU, divided by its max), attention ' +
      "rollout for ViT (or Grad-CAM on its last block's tokens with method 'gradcam'), per-token Grad-CAM for text runs; the predicted " +
      'class unless `label` picks one. Inputs: image files, dropped images (base64), texts, or NCHW pixels (.npy). With `outDir`: ' +
      'cams.npy float32 [N, h, w], one overlay PNG per image, tokens.json for text runs. Computed in the model process.',
    params: z
      .object({
        runId: z.number().int().positive(),
        files: z.array(z.string().min(1).max(4096)).min(1).max(1000).optional(),
        images: z
          .array(z.object({ name: z.string().min(1).max(500), data: z.string().max(Math.ceil((maxPredictImageBytes * 4) / 3) + 8) }))
          .min(1)
          .max(16)
          .optional(),
        texts: z.array(z.string().max(20_000)).min(1).max(256).optional(),
        pixels: z.string().min(1).max(4096).optional(),
        /** Dataset items (the evaluation gallery), by item id. */
        itemIds: z.array(z.number().int().positive()).min(1).max(64).optional(),
        /** Explain this class for every item instead of each one's predicted class. */
        label: z.string().min(1).max(500).optional(),
        method: z.enum(['auto', 'gradcam', 'rollout']).default('auto'),
        withInputs: z.boolean().default(false),
        outDir: z.string().min(1).max(4096).optional(),
        progressId: z.string().min(1).max(100).optional(),
      })
      .strict()
      .refine((p) => [p.files, p.images, p.texts, p.pixels, p.itemIds].filter((v) => v !== undefined).length === 1, {
        message: 'Give exactly one of files, images, texts, itemIds or pixels (--pixels X.npy).',
        path: ['files'],
      }),
    result: z.object({
      runId: z.number().int(),
      labels: z.array(z.string()),
      method: z.enum(['gradcam', 'rollout', 'gradcam-tokens']),
      items: z.array(explainItemSchema),
      /** With outDir: what was written. */
      written: z.object({ cams: z.string(), tokens: z.string().nullable(), overlays: z.array(z.string()) }).nullable(),
      backend: z.string(),
    }),
  }),
} as const;
