import { join } from 'node:path';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import { runModelSpec } from '../predict/spec';
import { prepareFromPath } from '../predict/inputs';
import { evaluationReport, type EvaluationReport } from './metrics';

/**
 * `studio eval --run ID PATH`: the run's model on a folder / CSV / zip it never saw. Labels are matched to the
 * run's by name; items without a class, or with a class the run does not know, are skipped with the reason.
 */
export async function evaluateOnPath(ctx: CoreContext, runId: number, path: string): Promise<EvaluationReport & { skipped: Array<{ path: string; reason: string }> }> {
  const host = ctx.services.models;
  const { spec } = runModelSpec(ctx, runId, host);
  const prepared = await prepareFromPath(path, join(ctx.dataDir, 'tmp'));
  try {
    const index = new Map(spec.labels.map((l, i) => [l, i]));
    // Folder names are matched exactly first, then ignoring case (a "Boots" folder for the label "boots").
    const folded = new Map(spec.labels.map((l, i) => [l.toLowerCase(), i]));
    const skipped = [...prepared.skipped];
    const kept: Array<{ truth: number; item: (typeof prepared.inputs)[number]['item'] }> = [];
    for (const inp of prepared.inputs) {
      if (inp.label === null) {
        skipped.push({ path: inp.display, reason: 'no class (put it in a folder named after its class)' });
        continue;
      }
      const k = index.get(inp.label) ?? folded.get(inp.label.toLowerCase());
      if (k === undefined) {
        skipped.push({ path: inp.display, reason: `class "${inp.label}" is not one of the run's labels (${spec.labels.join(', ')})` });
        continue;
      }
      kept.push({ truth: k, item: { ...inp.item, label: k } });
    }
    if (kept.length === 0) {
      throw new StudioError('bad_input', `Nothing in ${path} has a class the run knows (${spec.labels.join(', ')}); ${skipped.length} item(s) skipped.`);
    }
    const { logits } = await host.logits(
      spec,
      kept.map((k) => k.item),
      null,
    );
    const predicted = logits.map((row) => row.reduce((best, v, i) => (v > row[best]! ? i : best), 0));
    return {
      ...evaluationReport(
        spec.labels,
        kept.map((k) => k.truth),
        predicted,
      ),
      skipped,
    };
  } finally {
    prepared.cleanup();
  }
}
