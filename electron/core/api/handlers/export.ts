import type { exportMethods } from '../../../../shared/api/methods/export';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { exportRun } from '../../export/service';
import { exportDownload, registerExportFiles } from '../../export/download';

export function exportHandlers(ctx: CoreContext): HandlersFor<typeof exportMethods> {
  // Zips made earlier stay downloadable after a restart.
  registerExportFiles(ctx);
  return {
    'export.run': (p) => exportRun(ctx, p.runId, p.format, p.outDir),
    'export.download': (p) => exportDownload(ctx, p.runId, p.format),
  };
}
