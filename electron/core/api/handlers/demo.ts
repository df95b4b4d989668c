import type { demoMethods } from '../../../../shared/api/methods/demo';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { demoStatus, startDemo } from '../../demo/service';

export function demoHandlers(ctx: CoreContext): HandlersFor<typeof demoMethods> {
  return {
    'demo.status': () => demoStatus(ctx),
    'demo.start': (p) => startDemo(ctx, p.epochs === undefined ? {} : { epochs: p.epochs }),
  };
}
