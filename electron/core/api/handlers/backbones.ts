import type { backbonesMethods } from '../../../../shared/api/methods/backbones';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';

export function backbonesHandlers(_ctx: CoreContext): HandlersFor<typeof backbonesMethods> {
  return {};
}
