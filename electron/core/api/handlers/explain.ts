import type { explainMethods } from '../../../../shared/api/methods/explain';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { explainAttention, explainRun } from '../../explain/service';

/** Attention maps and "why this prediction?", computed in the model process (electron/core/explain). */
export function explainHandlers(ctx: CoreContext): HandlersFor<typeof explainMethods> {
  return {
    'explain.attention': (p) => explainAttention(ctx, p),
    'explain.run': (p) => explainRun(ctx, p),
  };
}
