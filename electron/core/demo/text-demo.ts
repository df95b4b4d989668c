import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import { datasetsRepo } from '../store/repos/datasets';
import { scanForPath, startImport } from '../datasets/import-job';
import { addFolder } from '../backbones/service/registry';
import { trainOptionsSchema } from '../../../shared/api/methods/training';
import { resourcesDir } from './service';

export const textDemoDatasetName = 'Debian packages text demo';
export const starterBertName = 'Starter BERT (man pages)';
export const starterGpt2Name = 'Starter GPT-2 (man pages)';

/** The bundled text demo: 240 package descriptions by Debian section, and the starter BERT. */
export const textDemoPaths = () => ({
  dataset: join(resourcesDir(), 'text-demo', 'packages.csv'),
  backbone: join(resourcesDir(), 'backbones', 'starter-bert'),
});

export function textDemoMissing(): string | null {
  const p = textDemoPaths();
  if (!existsSync(p.dataset)) return p.dataset;
  if (!existsSync(join(p.backbone, 'model.safetensors'))) return p.backbone;
  return null;
}

/**
 * "Try the text demo": import the package descriptions (or reuse them), add the starter BERT, start its
 * default probe. Offline; features of 240 short texts on a 3-layer, 128-wide BERT take seconds.
 */
export async function startTextDemo(ctx: CoreContext): Promise<{ datasetId: number; backboneId: string; runId: number }> {
  const missing = textDemoMissing();
  if (missing) throw new StudioError('unavailable', `The text demo files are not in this build (${missing} is missing).`);
  const p = textDemoPaths();
  const progress = (phase: 'importing' | 'installing' | 'training' | 'done' | 'failed', message: string, runId: number | null = null) =>
    ctx.events.emit('demo.progress', { phase, message, runId });
  try {
    let datasetId = datasetsRepo(ctx.db)
      .list()
      .find((d) => d.name === textDemoDatasetName)?.id;
    if (datasetId === undefined) {
      progress('importing', 'Importing the demo texts…');
      const rt = ctx.services.datasets;
      const job = startImport(ctx, rt.jobs, { scan: await scanForPath(p.dataset), source: p.dataset, name: textDemoDatasetName });
      const summary = await rt.jobs.get(job.jobId)!.done;
      if (summary.status !== 'completed') throw new StudioError('internal', `The text demo import ${summary.status}: ${summary.error ?? 'unknown error'}`);
      datasetId = job.datasetId;
    }
    progress('installing', 'Adding the starter BERT…');
    const backbone = await addFolder(ctx.db, p.backbone, { name: starterBertName });
    ctx.events.emit('backbones.changed', { id: backbone.id });
    progress('training', 'Training a text classifier on the starter BERT…');
    // Package descriptions are one line: 64 tokens hold them all and keep the first result quick.
    const run = ctx.services.scheduler.start({ datasetId, backboneId: backbone.id, mode: 'probe', options: trainOptionsSchema.parse({ maxLength: 64 }) });
    progress('training', 'Training…', run.id);
    void ctx.services.scheduler
      .finished(run.id)
      .then((r) => progress(r.status === 'completed' ? 'done' : 'failed', r.status === 'completed' ? 'The text demo model is ready.' : `The text demo run ${r.status}${r.error ? `: ${r.error}` : '.'}`, run.id))
      .catch(() => {});
    return { datasetId, backboneId: backbone.id, runId: run.id };
  } catch (err) {
    progress('failed', err instanceof Error ? err.message : String(err));
    throw err;
  }
}
