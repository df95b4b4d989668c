import type { predictMethods } from '../../../../shared/api/methods/predict';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { predictFiles, predictFolder, predictUploads } from '../../predict/service';
import { predictionsCsvDownload, registerPredictionFiles } from '../../predict/csv-download';

export function predictHandlers(ctx: CoreContext): HandlersFor<typeof predictMethods> {
  registerPredictionFiles(ctx);
  return {
    'predict.files': (p) => predictFiles(ctx, p.runId, p.files, p.topK),
    'predict.upload': (p) => predictUploads(ctx, p.runId, p.images, p.texts, p.topK),
    'predict.folder': async (p) => {
      const r = await predictFolder(ctx, p.runId, p.path, p.out, p.topK);
      return { csvPath: r.csvPath, count: r.count, skipped: r.skipped, preview: r.preview, download: predictionsCsvDownload(ctx, r.csvPath) };
    },
  };
}
