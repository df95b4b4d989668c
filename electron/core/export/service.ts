import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CoreContext } from '../context';
import type { ExportFormat } from '../../../shared/api/methods/export';
import { runModelSpec } from '../predict/spec';
import { backbonesRepo } from '../store/repos/backbones';
import { storedEvaluation } from '../evaluation/service';
import { readImagePreprocessing } from '../training/data/preprocessing-summary';
import { modelCard } from './model-card';

function subsetCounts(ctx: CoreContext, snapshotId: number | null): Record<string, number> {
  if (snapshotId === null) return {};
  const rows = ctx.db
    .prepare('SELECT subset, COUNT(*) AS n FROM snapshot_items WHERE snapshot_id = ? AND label IS NOT NULL GROUP BY subset ORDER BY subset')
    .all(snapshotId) as Array<{ subset: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.subset, r.n]));
}

export async function exportRun(ctx: CoreContext, runId: number, format: ExportFormat, outDir?: string): Promise<{ outDir: string; files: string[]; notes: string[] }> {
  const host = ctx.services.models;
  const { run, spec } = runModelSpec(ctx, runId, host);
  const dir = resolve(outDir ?? join(ctx.dataDir, 'exports', `run-${runId}-${format}`));
  const r = await host.export(spec, format, dir);
  const b = backbonesRepo(ctx.db).get(spec.backbone.id);
  let pre = null;
  try {
    pre = b?.family === 'bert' || b?.family === 'gpt2' ? null : readImagePreprocessing(spec.backbone.dir);
  } catch {
    pre = null;
  }
  const files = [...r.files, 'README.md'];
  const card = modelCard({
    run,
    format,
    labels: spec.labels,
    backbone: { id: spec.backbone.id, name: b?.name ?? spec.backbone.id, family: b?.family ?? '?', source: b?.source ?? '?', license: b?.license ?? null },
    preprocessing: pre,
    data: { datasetName: run.datasetName, snapshotId: run.snapshotId, counts: subsetCounts(ctx, run.snapshotId) },
    evaluation: storedEvaluation(ctx, runId),
    files,
  });
  writeFileSync(join(dir, 'README.md'), card);
  return { outDir: dir, files, notes: r.notes };
}
