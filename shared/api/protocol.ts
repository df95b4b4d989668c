import { z } from 'zod';
import { apiErrorSchema } from './errors';

/** Wire frames, identical over IPC and WebSocket. */
export const requestFrameSchema = z.object({
  type: z.literal('request'),
  id: z.number().int(),
  method: z.string(),
  params: z.unknown(),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export const responseFrameSchema = z.union([
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: apiErrorSchema }),
]);
export type ResponseFrame = z.infer<typeof responseFrameSchema>;

export const eventFrameSchema = z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() });
export type EventFrame = z.infer<typeof eventFrameSchema>;

export const serverFrameSchema = z.union([responseFrameSchema, eventFrameSchema]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
