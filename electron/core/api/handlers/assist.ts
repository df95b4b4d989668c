import type { assistMethods } from '../../../../shared/api/methods/assist';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { assistStatus, labelSuspects, suggestNextItems } from '../../assist/service';

export function assistHandlers(ctx: CoreContext): HandlersFor<typeof assistMethods> {
  return {
    'assist.status': (p) => assistStatus(ctx, p.datasetId),
    'assist.suggest': (p) => suggestNextItems(ctx, p),
    'assist.suspects': (p) => labelSuspects(ctx, p),
  };
}
