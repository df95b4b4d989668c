import { z } from 'zod';
import { method } from '../define';

const runId = z.number().int().positive();

export const predictionSchema = z.object({
  file: z.string(),
  label: z.string(),
  score: z.number(),
  top: z.array(z.object({ label: z.string(), score: z.number() })),
  /** Texts only: tokens the text makes (special tokens included), the most the model reads, and whether it was cut to that. */
  tokens: z.number().int().optional(),
  maxTokens: z.number().int().optional(),
  truncated: z.boolean().optional(),
});
export type Prediction = z.infer<typeof predictionSchema>;

/**
 * Bytes per uploaded image before base64: a phone photo fits, and one image per call stays under the
 * WebSocket frame limit (16 MB); a whole folder belongs in predict.folder.
 */
export const maxPredictImageBytes = 10 * 1024 * 1024;

export const predictMethods = {
  'predict.files': method({
    description: 'Top-k classes of a finished run for image files on this machine (the CLI’s `studio predict`).',
    params: z.object({ runId, files: z.array(z.string().min(1)).min(1).max(1000), topK: z.number().int().min(1).max(100).default(5) }).strict(),
    result: z.object({ predictions: z.array(predictionSchema), backend: z.string() }),
  }),
  'predict.upload': method({
    description: 'Top-k classes for images dropped on the page (base64) or typed texts.',
    params: z
      .object({
        runId,
        images: z
          .array(z.object({ name: z.string().min(1).max(500), data: z.string().max(Math.ceil((maxPredictImageBytes * 4) / 3) + 8) }))
          .max(64)
          .default([]),
        texts: z.array(z.string().max(20_000)).max(256).default([]),
        topK: z.number().int().min(1).max(100).default(5),
      })
      .strict(),
    result: z.object({ predictions: z.array(predictionSchema), backend: z.string() }),
  }),
  'predict.folder': method({
    description: 'Predicts every image of a folder / CSV / zip and writes a CSV (file,label,score,top-k).',
    params: z.object({ runId, path: z.string().min(1), out: z.string().min(1).optional(), topK: z.number().int().min(1).max(100).default(3) }).strict(),
    result: z.object({
      csvPath: z.string(),
      count: z.number().int(),
      skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
      preview: z.array(predictionSchema),
      /** Where the renderer can download the CSV (fileUrl(kind, id)); null when it was written to a chosen `out`. */
      download: z.object({ kind: z.literal('predictions'), id: z.string() }).nullable().default(null),
    }),
  }),
} as const;
