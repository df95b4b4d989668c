import type { exportMethods } from '../../../../shared/api/methods/export';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { exportRun } from '../../export/service';

export function exportHandlers(ctx: CoreContext): HandlersFor<typeof exportMethods> {
  return {
    'export.run': (p) => exportRun(ctx, p.runId, p.format, p.outDir),
  };
}
