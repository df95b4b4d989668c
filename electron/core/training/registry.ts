import type { CoreContext } from '../context';
import type { TrainingSupervisor } from './supervisor';

/**
 * The core's training supervisor, for callers written before the services object (the CLI follows
 * runs with it until it does so through the typed client). New code reads ctx.services.training.
 */
export function supervisorFor(ctx: CoreContext): TrainingSupervisor {
  return ctx.services.training;
}
