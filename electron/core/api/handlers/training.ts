import type { trainingMethods } from '../../../../shared/api/methods/training';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';

export function trainingHandlers(_ctx: CoreContext): HandlersFor<typeof trainingMethods> {
  return {};
}
