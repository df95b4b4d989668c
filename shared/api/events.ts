import { z } from 'zod';
import { datasetEvents } from './events/datasets';
import { backboneEvents } from './events/backbones';
import { trainingEvents } from './events/training';
import { evaluationEvents } from './events/evaluation';
import { demoEvents } from './events/demo';
import { assistEvents } from './events/assist';
import { featuresEvents } from './events/features';
import { explainEvents } from './events/explain';
import { sweepEvents } from './events/sweep';

/** Push events from core to every connected client. */
export const studioEvents = {
  'runs.changed': z.object({ runId: z.number().int() }),
  ...datasetEvents,
  ...backboneEvents,
  ...trainingEvents,
  ...evaluationEvents,
  ...demoEvents,
  ...assistEvents,
  ...featuresEvents,
  ...explainEvents,
  ...sweepEvents,
} as const;
