import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import type { RunSummary } from '../../../shared/domain/run';
import { runsRepo } from '../store/repos/runs';
import { artifactsRepo } from '../store/repos/artifacts';
import { backboneFor } from '../training/plan';
import type { RunModelSpec } from './protocol';
import type { ModelHost } from './host';

/** A finished run, with what the model process needs to rebuild it. Clear errors for every way it can't. */
export function runModelSpec(ctx: CoreContext, runId: number, host: Pick<ModelHost, 'loaderModule'>): { run: RunSummary; spec: RunModelSpec } {
  const run = runsRepo(ctx.db).get(runId);
  if (!run) throw new StudioError('not_found', `No run #${runId}.`);
  if (run.status !== 'completed') throw new StudioError('conflict', `Run #${runId} is ${run.status}; only a completed run has a model to use.`);
  if (!run.backboneId) throw new StudioError('conflict', `Run #${runId} lost its backbone (it was removed).`);
  const model = artifactsRepo(ctx.db).listForRun(runId, 'model').pop();
  if (!model) throw new StudioError('conflict', `Run #${runId} has no saved model.`);
  const modelPath = isAbsolute(model.path) ? model.path : join(ctx.dataDir, model.path);
  if (!existsSync(modelPath)) throw new StudioError('not_found', `The model file of run #${runId} is missing (${modelPath}).`);
  const labels = run.params.labels;
  if (!Array.isArray(labels) || labels.length < 2) throw new StudioError('conflict', `Run #${runId} does not record its labels.`);
  const backbone = backboneFor(ctx.db, run.backboneId);
  const options = (run.params.options ?? {}) as { maxLength?: number };
  return {
    run,
    spec: {
      runId,
      mode: run.mode,
      labels: labels.map(String),
      backbone: { id: backbone.id, dir: backbone.path, weightsHash: backbone.weightsHash, ...(host.loaderModule ? { loaderModule: host.loaderModule } : {}) },
      modelPath,
      maxLength: options.maxLength ?? 128,
    },
  };
}
