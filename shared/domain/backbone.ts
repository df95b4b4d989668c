import { z } from 'zod';

export const backboneFamilies = ['resnet', 'vgg', 'vit', 'bert', 'gpt2'] as const;
export const backboneModalities = ['image', 'text'] as const;

/** An installed backbone: a folder in hub layout the studio has validated and recorded. */
export const backboneSummarySchema = z.object({
  /** Stable slug (from the hub repo id or the folder name); what `--backbone ID` takes. */
  id: z.string(),
  name: z.string(),
  family: z.enum(backboneFamilies),
  modality: z.enum(backboneModalities),
  /** e.g. 'resnet50', 'vit_base_patch16_224', 'bert'. */
  architecture: z.string(),
  /** Width of the features a classification head receives. */
  featureDim: z.number().int(),
  /** Bytes of the folder's files. */
  sizeBytes: z.number(),
  licence: z.string().nullable(),
  /** 'local' for a folder the user added, else the hub repo id it came from. */
  source: z.string(),
  path: z.string(),
  /** sha256 of model.safetensors: what the feature cache and run records key on. */
  weightsHash: z.string(),
  createdAt: z.string(),
  /** Optional (additive): stages the backbone is a chain of, when config.json says (finetune counts from its end). */
  numBlocks: z.number().int().optional(),
  /** Optional (additive): how many last blocks finetune trains by default for this family. */
  defaultFinetuneBlocks: z.number().int().optional(),
});
export type BackboneSummary = z.infer<typeof backboneSummarySchema>;

export const downloadStates = ['downloading', 'registering', 'completed', 'failed', 'cancelled'] as const;

/** A hub download in this session, as the Backbones page and the CLI follow it. */
export const backboneDownloadSchema = z.object({
  downloadId: z.string(),
  repo: z.string(),
  /** Catalog key when the repo is a preset. */
  key: z.string().nullable(),
  state: z.enum(downloadStates),
  /** File being fetched (path inside the repo). */
  file: z.string(),
  bytes: z.number(),
  /** null while the hub has not said how big the files are. */
  total: z.number().nullable(),
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  /** Network bytes per second over the last few seconds. */
  rate: z.number(),
  startedAt: z.string(),
  /** Set when state is 'completed'. */
  backboneId: z.string().nullable(),
  /** Set when state is 'failed'. */
  error: z.string().nullable(),
});
export type BackboneDownload = z.infer<typeof backboneDownloadSchema>;

/** A preset offered for download, with whether it is installed or downloading now. */
export const catalogItemSchema = z.object({
  key: z.string(),
  repo: z.string(),
  title: z.string(),
  description: z.string(),
  family: z.enum(backboneFamilies),
  modality: z.enum(backboneModalities),
  architecture: z.string(),
  featureDim: z.number().int(),
  /** Approximate download size in bytes. */
  downloadBytes: z.number(),
  licence: z.string(),
  /** Id of the installed backbone from this repo, if any. */
  installedId: z.string().nullable(),
  /** The download running (or last finished) in this session, if any. */
  download: backboneDownloadSchema.nullable(),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;
