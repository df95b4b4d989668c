import { z } from 'zod';
import { method } from '../define';

export const backendInfoSchema = z.object({
  name: z.string(),
  /** Why each backend above the chosen one on the ladder was not used. */
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});

export const systemMethods = {
  'system.info': method({
    description: 'Version, data folder, transport and training backend of the running core.',
    params: z.object({}).strict(),
    result: z.object({
      version: z.string(),
      dataDir: z.string(),
      transport: z.enum(['electron', 'websocket']),
      backend: backendInfoSchema.nullable(),
      schemaVersion: z.number().int(),
    }),
  }),
  'system.ping': method({
    description: 'Round-trip check; echoes the payload.',
    params: z.object({ echo: z.string().max(1000) }).strict(),
    result: z.object({ echo: z.string(), at: z.string() }),
  }),
} as const;
