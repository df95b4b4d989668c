import type { datasetsMethods } from '../../../../shared/api/methods/datasets';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';

export function datasetsHandlers(_ctx: CoreContext): HandlersFor<typeof datasetsMethods> {
  return {};
}
