import type { z } from 'zod';
import { systemMethods } from './methods/system';
import { runsMethods } from './methods/runs';
import { datasetsMethods } from './methods/datasets';
import { backbonesMethods } from './methods/backbones';
import { trainingMethods } from './methods/training';
import { evaluationMethods } from './methods/evaluation';
import { predictMethods } from './methods/predict';
import { exportMethods } from './methods/export';
import { demoMethods } from './methods/demo';
import { assistMethods } from './methods/assist';
import { featuresMethods } from './methods/features';
import { explainMethods } from './methods/explain';
import { sweepMethods } from './methods/sweep';
import { studioEvents } from './events';

/** The one API contract: every method either transport carries. */
export const studioMethods = {
  ...systemMethods,
  ...runsMethods,
  ...datasetsMethods,
  ...backbonesMethods,
  ...trainingMethods,
  ...evaluationMethods,
  ...predictMethods,
  ...exportMethods,
  ...demoMethods,
  ...assistMethods,
  ...featuresMethods,
  ...explainMethods,
  ...sweepMethods,
} as const;

export type StudioMethods = typeof studioMethods;
export type MethodName = keyof StudioMethods;
export type ParamsOf<M extends MethodName> = z.input<StudioMethods[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<StudioMethods[M]['result']>;

export type StudioEvents = typeof studioEvents;
export type EventName = keyof StudioEvents;
export type PayloadOf<E extends EventName> = z.output<StudioEvents[E]>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(studioMethods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(studioEvents, name);
}
