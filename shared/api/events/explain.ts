import { z } from 'zod';

// Push events of explain.attention / explain.run.
export const explainEvents = {
  /** Items done so far for the call that passed this progressId; `backend` is the tfjs backend of the model process. */
  'explain.progress': z.object({ progressId: z.string(), done: z.number().int(), total: z.number().int(), backend: z.string() }),
} as const;
