import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreContext } from '../context';
import type { ExportFormat } from '../../../shared/api/methods/export';
import { exportRun } from './service';
import { zipFolder } from './zip-folder';

const ZIP_ID = /^run-(\d+)-(tfjs|safetensors|onnx)\.zip$/;
const downloadsDir = (ctx: CoreContext) => join(ctx.dataDir, 'exports', 'downloads');

/**
 * `/files/export/run-<id>-<format>.zip` (browser mode) and `studio-file://export/…` (Electron): the
 * registry serves only names of that exact shape from the downloads folder, so no path can be asked for.
 */
export function registerExportFiles(ctx: CoreContext): void {
  ctx.files.register('export', (id) => (ZIP_ID.test(id) ? { path: join(downloadsDir(ctx), id), contentType: 'application/zip' } : undefined));
}

/**
 * Exports the run (as export.run does, to its default folder) and packs that folder into one zip the
 * browser can download. Written to a temporary name first, so a half-written zip is never served.
 */
export async function exportDownload(ctx: CoreContext, runId: number, format: ExportFormat): Promise<{ kind: 'export'; id: string; fileName: string; bytes: number; files: string[] }> {
  registerExportFiles(ctx);
  const done = await exportRun(ctx, runId, format);
  const id = `run-${runId}-${format}.zip`;
  mkdirSync(downloadsDir(ctx), { recursive: true });
  const final = join(downloadsDir(ctx), id);
  const tmp = `${final}.${process.pid}.tmp`;
  try {
    const z = await zipFolder(done.outDir, tmp, `run-${runId}-${format}/`);
    renameSync(tmp, final);
    return { kind: 'export', id, fileName: id, bytes: z.bytes, files: z.entries };
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}
