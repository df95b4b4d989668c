import { z } from 'zod';
import { method } from '../define';

/** The backbone to run: an installed id (or catalog key / hub repo id that was installed), or a hub-layout folder used as it is. */
const backboneRef = {
  backboneId: z.string().min(1).max(200).optional(),
  backboneDir: z.string().min(1).max(4096).optional(),
};
const oneBackbone = (p: { backboneId?: string; backboneDir?: string }) => (p.backboneId === undefined) !== (p.backboneDir === undefined);
const oneBackboneMessage = { message: 'Give exactly one of backboneId or backboneDir.', path: ['backboneId'] };

export const tokenizeResultSchema = z.object({
  input_ids: z.array(z.array(z.number().int())),
  attention_mask: z.array(z.array(z.number().int())),
  token_type_ids: z.array(z.array(z.number().int())),
});

export const featuresMethods = {
  'features.embed': method({
    description:
      "A backbone's features (what a classifier head receives, as BRIEF defines them) for raw pixels (NCHW float32 .npy, " +
      "normalised), image files (the backbone's own preprocessing) or a texts file (its tokenizer), written as float32 [N, D] .npy " +
      'to `out`. Runs in the core\'s process; features.progress events carry `progressId`.',
    params: z
      .object({
        ...backboneRef,
        pixels: z.string().min(1).max(4096).optional(),
        images: z.array(z.string().min(1).max(4096)).min(1).max(100_000).optional(),
        /** T.json: a JSON array of strings, or {"texts": [...]}. */
        texts: z.string().min(1).max(4096).optional(),
        maxLength: z.number().int().min(1).max(100_000).optional(),
        batchSize: z.number().int().min(1).max(4096).optional(),
        out: z.string().min(1).max(4096),
        progressId: z.string().min(1).max(100).optional(),
      })
      .strict()
      .refine(oneBackbone, oneBackboneMessage)
      .refine((p) => [p.pixels, p.images, p.texts].filter((v) => v !== undefined).length === 1, {
        message: 'Give exactly one of --pixels X.npy, --images FILE... or --texts T.json.',
        path: ['pixels'],
      })
      .refine((p) => p.maxLength === undefined || p.texts !== undefined, { message: '--max-length applies to --texts only.', path: ['maxLength'] }),
    result: z.object({
      out: z.string(),
      shape: z.tuple([z.number().int(), z.number().int()]),
      dtype: z.literal('float32'),
      /** The installed id when the backbone is one, else the folder used as it is. */
      backbone: z.string(),
      backend: z.string(),
    }),
  }),
  'features.tokenize': method({
    description:
      "Token ids of texts with a text backbone's own tokenizer, as Hugging Face tokenizers give them (with maxLength: truncated and padded to it).",
    params: z
      .object({
        ...backboneRef,
        texts: z.array(z.string().max(1_000_000)).min(1).max(100_000).optional(),
        /** T.json: a JSON array of strings, or {"texts": [...]}. */
        textsFile: z.string().min(1).max(4096).optional(),
        maxLength: z.number().int().min(1).max(100_000).optional(),
      })
      .strict()
      .refine(oneBackbone, oneBackboneMessage)
      .refine((p) => (p.texts === undefined) !== (p.textsFile === undefined), { message: 'Give exactly one of texts or textsFile.', path: ['texts'] }),
    result: tokenizeResultSchema,
  }),
} as const;
