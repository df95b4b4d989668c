import { z } from 'zod';
import { method } from '../define';

export const exportFormats = ['tfjs', 'safetensors', 'onnx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportMethods = {
  'export.run': method({
    description:
      'Exports a finished run: a TensorFlow.js model folder, or safetensors of the fine-tuned backbone in its hub naming plus the head (config.json, labels, preprocessing); both with a model card.',
    params: z
      .object({
        runId: z.number().int().positive(),
        format: z.enum(exportFormats),
        /** Defaults to <data dir>/exports/run-<id>-<format>. */
        outDir: z.string().min(1).optional(),
      })
      .strict(),
    result: z.object({ outDir: z.string(), files: z.array(z.string()), notes: z.array(z.string()) }),
  }),
  'export.download': method({
    description:
      'Exports a finished run to its default folder and packs it into one zip the renderer can download: fileUrl(kind, id) serves it (browser mode behind the same token).',
    params: z.object({ runId: z.number().int().positive(), format: z.enum(exportFormats) }).strict(),
    result: z.object({ kind: z.literal('export'), id: z.string(), fileName: z.string(), bytes: z.number().int(), files: z.array(z.string()) }),
  }),
} as const;
