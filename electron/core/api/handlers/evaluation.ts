import type { evaluationMethods } from '../../../../shared/api/methods/evaluation';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { StudioError } from '../../../../shared/api/errors';
import { runsRepo } from '../../store/repos/runs';
import { runPredictionsRepo } from '../../store/repos/run-predictions';
import { labelsRepo } from '../../store/repos/labels';
import { evaluateRun, storedEvaluation } from '../../evaluation/service';
import { evaluateOnPath } from '../../evaluation/on-path';

export function evaluationHandlers(ctx: CoreContext): HandlersFor<typeof evaluationMethods> {
  const preds = runPredictionsRepo(ctx.db);
  return {
    'evaluation.get': (p) => storedEvaluation(ctx, p.runId),
    'evaluation.run': (p) => evaluateRun(ctx, p.runId, p.force),
    'evaluation.items': (p) => {
      const run = runsRepo(ctx.db).get(p.runId);
      if (!run) throw new StudioError('not_found', `No run #${p.runId}.`);
      const filter = { trueLabel: p.trueLabel, predictedLabel: p.predictedLabel, misclassifiedOnly: p.misclassifiedOnly };
      const classes = run.datasetId === null ? [] : labelsRepo(ctx.db).list(run.datasetId).map((c) => ({ id: c.id, name: c.name }));
      return { total: preds.count(p.runId, filter), items: preds.list(p.runId, filter, p.offset, p.limit), datasetId: run.datasetId, classes };
    },
    'evaluation.path': (p) => evaluateOnPath(ctx, p.runId, p.path),
  };
}
