import { z } from 'zod';

// Push events of features.embed.
export const featuresEvents = {
  /** Items embedded so far, for the call that passed this progressId; `backend` is the tfjs backend the ladder chose. */
  'features.progress': z.object({ progressId: z.string(), done: z.number().int(), total: z.number().int(), backend: z.string() }),
} as const;
