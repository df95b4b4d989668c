import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/core';
import { predictionsCsvDownload } from '../../electron/core/predict/csv-download';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

describe('downloadable files', () => {
  it('serve export zips and default prediction CSVs by exact name only, never a path', async () => {
    const dataDir = tmp();
    const core = openCore({ dataDir });
    const files = core.ctx.files;
    expect(files.resolve('export', 'run-3-tfjs.zip')).toEqual({ path: join(dataDir, 'exports', 'downloads', 'run-3-tfjs.zip'), contentType: 'application/zip' });
    expect(files.resolve('export', 'run-3-onnx.zip')?.path).toBe(join(dataDir, 'exports', 'downloads', 'run-3-onnx.zip'));
    for (const bad of ['run-3-tfjs.zip.123.tmp', '..', 'run-3-pickle.zip', 'studio.db', 'run-3-tfjs.zip/../../studio.db']) expect(files.resolve('export', bad), bad).toBeUndefined();
    expect(files.resolve('predictions', 'run-2-predictions-1700000000000.csv')?.path).toBe(join(dataDir, 'exports', 'run-2-predictions-1700000000000.csv'));
    expect(files.resolve('predictions', 'notes.csv')).toBeUndefined();
    // Only a CSV written to the default folder gets a download handle.
    expect(predictionsCsvDownload(core.ctx, join(dataDir, 'exports', 'run-2-predictions-17.csv'))).toEqual({ kind: 'predictions', id: 'run-2-predictions-17.csv' });
    expect(predictionsCsvDownload(core.ctx, join(dataDir, 'elsewhere', 'run-2-predictions-17.csv'))).toBeNull();
    // An export of a run that does not exist is a typed error, not a crash.
    expect(await core.service.call('export.download', { runId: 99, format: 'tfjs' }, { transport: 'websocket' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await core.close();
  });
});
