import type { runsMethods } from '../../../../shared/api/methods/runs';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { runsRepo } from '../../store/repos/runs';

export function runsHandlers(ctx: CoreContext): HandlersFor<typeof runsMethods> {
  const runs = runsRepo(ctx.db);
  return {
    'runs.list': (p) => ({ runs: runs.list(p.datasetId === undefined ? {} : { datasetId: p.datasetId }) }),
  };
}
