import { z } from 'zod';
import { datasetEvents } from './events/datasets';
import { backboneEvents } from './events/backbones';
import { trainingEvents } from './events/training';

/** Push events from core to every connected client. */
export const studioEvents = {
  'runs.changed': z.object({ runId: z.number().int() }),
  ...datasetEvents,
  ...backboneEvents,
  ...trainingEvents,
} as const;
