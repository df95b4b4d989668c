import type { sweepMethods } from '../../../../shared/api/methods/sweep';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';

export function sweepHandlers(ctx: CoreContext): HandlersFor<typeof sweepMethods> {
  const { sweeps } = ctx.services;
  return {
    'sweep.create': (p) => sweeps.create(p),
    'sweep.list': () => ({ sweeps: sweeps.list() }),
    'sweep.get': (p) => sweeps.get(p.sweepId),
    'sweep.cancel': (p) => sweeps.cancel(p.sweepId),
    'sweep.coordinate': (p) => sweeps.coordinate(p),
    'sweep.work': (p) => sweeps.work(p),
  };
}
