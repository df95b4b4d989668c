import type { ImportSummary } from '../../../shared/domain/dataset';
import { studio } from '../api/studio';
import { uploadFiles } from '../datasets/upload';
import { captureFilePath, captureStamp } from './frames';

/**
 * Sends captured frames into a dataset through the same upload-and-import path as a dropped folder
 * (no separate way in: the importer's checks, thumbnails, dedupe and class creation all apply), and
 * resolves with the import's summary once it has finished.
 */
export async function saveFrames(datasetId: number, className: string, frames: Blob[]): Promise<ImportSummary> {
  const stamp = captureStamp(new Date());
  const files = frames.map((blob, i) => {
    const path = captureFilePath(className, stamp, i);
    if (!path) throw new Error(`“${className}” cannot receive webcam frames.`);
    return { file: new File([blob], path.split('/').pop()!, { type: 'image/jpeg' }), path };
  });
  // Listen before the import starts so a fast import's finished event cannot be missed.
  const seen = new Map<string, ImportSummary>();
  let want: string | null = null;
  let resolveDone: (s: ImportSummary) => void = () => undefined;
  const done = new Promise<ImportSummary>((r) => (resolveDone = r));
  const off = studio().on('datasets.import.finished', (s) => {
    if (want === null) seen.set(s.jobId, s);
    else if (s.jobId === want) resolveDone(s);
  });
  try {
    const { jobId } = await uploadFiles(files, { datasetId });
    want = jobId;
    const early = seen.get(jobId);
    if (early) return early;
    // The import may have ended between upload.end's reply and `want` being set.
    const now = await studio().call('datasets.import.result', { jobId });
    if (now.status !== 'running') return now;
    return await done;
  } finally {
    off();
  }
}
