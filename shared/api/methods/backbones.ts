import { z } from 'zod';
import { method } from '../define';
import { backboneDownloadSchema, backboneSummarySchema, catalogItemSchema } from '../../domain/backbone';

export const backbonesMethods = {
  'backbones.list': method({
    description: 'Installed backbones, oldest first.',
    params: z.object({}).strict(),
    result: z.object({ backbones: z.array(backboneSummarySchema) }),
  }),
  'backbones.get': method({
    description: 'One installed backbone by id.',
    params: z.object({ id: z.string().min(1).max(200) }).strict(),
    result: backboneSummarySchema,
  }),
  'backbones.catalog': method({
    description: 'The preset checkpoints offered for download, with installed / downloading state.',
    params: z.object({}).strict(),
    result: z.object({ entries: z.array(catalogItemSchema) }),
  }),
  'backbones.install': method({
    description:
      'Starts downloading a backbone from the hub (a catalog key or a repo id) in the background. ' +
      'Progress arrives as backbones.progress events; backbones.finished says how it ended.',
    params: z.object({ repo: z.string().min(1).max(200), revision: z.string().min(1).max(200).optional() }).strict(),
    result: backboneDownloadSchema,
  }),
  'backbones.cancel': method({
    description: 'Stops a running download; what was fetched stays in the cache so a retry resumes.',
    params: z.object({ downloadId: z.string().min(1).max(100) }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  }),
  'backbones.downloads': method({
    description: 'Downloads started in this session (running and finished), newest first.',
    params: z.object({}).strict(),
    result: z.object({ downloads: z.array(backboneDownloadSchema) }),
  }),
  'backbones.addLocal': method({
    description: 'Adds a folder in hub layout (model.safetensors + config.json) on the machine running the core.',
    params: z.object({ path: z.string().min(1).max(4096), name: z.string().min(1).max(200).optional() }).strict(),
    result: backboneSummarySchema,
  }),
  'backbones.addStarters': method({
    description: 'Adds the small pretrained backbones that ship with the app (offline), for a modality or all of them.',
    params: z.object({ modality: z.enum(['image', 'text']).optional() }).strict(),
    result: z.object({ backbones: z.array(backboneSummarySchema) }),
  }),
  'backbones.remove': method({
    description: 'Forgets a backbone; files the studio downloaded into its data folder are deleted, a local folder is left alone.',
    params: z.object({ id: z.string().min(1).max(200) }).strict(),
    result: z.object({ removed: z.boolean(), freedBytes: z.number() }),
  }),
} as const;
