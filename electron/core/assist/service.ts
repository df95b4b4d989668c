import { join } from 'node:path';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import type { ResultOf } from '../../../shared/api/contract';
import { datasetsRepo } from '../store/repos/datasets';
import { labelsRepo, type LabelRow } from '../store/repos/labels';
import type { AssistItem, AssistTask } from './protocol';
import { backbonesFor, chooseBackbone, defaultBackbone } from './choose';

interface DatasetView {
  kind: 'image' | 'text';
  classes: LabelRow[];
  items: AssistItem[];
}

/** Every item of the dataset with its label as an index into the legend order (what the probe predicts). */
function datasetView(ctx: CoreContext, datasetId: number): DatasetView {
  const ds = datasetsRepo(ctx.db).get(datasetId);
  if (!ds) throw new StudioError('not_found', `No dataset ${datasetId}.`);
  const classes = labelsRepo(ctx.db).list(datasetId);
  const index = new Map(classes.map((c, i) => [c.id, i]));
  const rows = ctx.db
    .prepare('SELECT id, content_hash AS contentHash, blob_path AS blobPath, text, label_id AS labelId FROM items WHERE dataset_id = ? ORDER BY id')
    .all(datasetId) as Array<{ id: number; contentHash: string; blobPath: string | null; text: string | null; labelId: number | null }>;
  const items = rows.map((r): AssistItem => {
    const it: AssistItem = { itemId: r.id, contentHash: r.contentHash, label: r.labelId === null ? null : (index.get(r.labelId) ?? null) };
    if (r.blobPath) it.path = join(ctx.dataDir, r.blobPath);
    if (r.text !== null) it.text = r.text;
    return it;
  });
  return { kind: ds.kind, classes, items };
}

export function assistStatus(ctx: CoreContext, datasetId: number): ResultOf<'assist.status'> {
  const v = datasetView(ctx, datasetId);
  const labeled = v.items.filter((i) => i.label !== null);
  return {
    backbones: backbonesFor(ctx, v.kind).map((b) => ({ id: b.id, name: b.name, modality: v.kind })),
    defaultBackboneId: defaultBackbone(ctx, datasetId, v.kind)?.id ?? null,
    labeled: labeled.length,
    unlabeled: v.items.length - labeled.length,
    labeledClasses: new Set(labeled.map((i) => i.label)).size,
  };
}

/** Sends the dataset to the model process (features through the training cache, then the probe), relaying progress as events. */
async function runAssist(ctx: CoreContext, datasetId: number, backboneId: string | undefined, task: AssistTask) {
  const v = datasetView(ctx, datasetId);
  if (v.items.length === 0) throw new StudioError('conflict', 'The dataset has no items yet.');
  const b = chooseBackbone(ctx, datasetId, v.kind, backboneId);
  const host = ctx.services.models;
  const t0 = Date.now();
  const r = await host.assist(
    {
      backbone: { id: b.id, dir: b.path, weightsHash: b.weightsHash, ...(host.loaderModule ? { loaderModule: host.loaderModule } : {}) },
      maxLength: 128,
      cacheDir: join(ctx.dataDir, 'cache', 'activations'),
      items: v.items,
      task,
    },
    (p) => ctx.events.emit('assist.progress', { datasetId, phase: p.phase, done: p.done, total: p.total }),
  );
  ctx.events.emit('assist.progress', { datasetId, phase: 'done', done: v.items.length, total: v.items.length });
  return { v, b, r, seconds: (Date.now() - t0) / 1000 };
}

export async function suggestNextItems(ctx: CoreContext, p: { datasetId: number; backboneId?: string; limit: number; alpha: number }): Promise<ResultOf<'assist.suggest'>> {
  const { v, b, r, seconds } = await runAssist(ctx, p.datasetId, p.backboneId, { kind: 'suggest', alpha: p.alpha, greedy: Math.min(p.limit, 200) });
  const rows = r.suggest?.rows ?? [];
  return {
    backboneId: b.id,
    backend: r.backend,
    mode: r.suggest?.mode ?? 'diversity',
    unlabeled: v.items.filter((i) => i.label === null).length,
    features: r.features,
    suggestions: rows.slice(0, p.limit).map((s) => {
      const cls = s.predicted === null ? undefined : v.classes[s.predicted];
      return { itemId: s.itemId, score: s.score, uncertainty: s.uncertainty, predictedLabelId: cls?.id ?? null, predictedLabel: cls?.name ?? null, confidence: cls ? s.confidence : null };
    }),
    seconds,
  };
}

export async function labelSuspects(ctx: CoreContext, p: { datasetId: number; backboneId?: string; seed: number; limit: number; minGap: number }): Promise<ResultOf<'assist.suspects'>> {
  const { v, b, r, seconds } = await runAssist(ctx, p.datasetId, p.backboneId, { kind: 'suspects', seed: p.seed, folds: 5, minGap: p.minGap });
  const s = r.suspects ?? { folds: 0, agreement: 0, checked: 0, rows: [] };
  return {
    backboneId: b.id,
    backend: r.backend,
    folds: s.folds,
    agreement: s.agreement,
    checked: s.checked,
    features: r.features,
    suspects: s.rows.slice(0, p.limit).map((x) => ({
      itemId: x.itemId,
      givenLabelId: v.classes[x.given]!.id,
      givenLabel: v.classes[x.given]!.name,
      suggestedLabelId: v.classes[x.suggested]!.id,
      suggestedLabel: v.classes[x.suggested]!.name,
      confidence: x.confidence,
      givenProbability: x.givenProbability,
      gap: x.gap,
    })),
    seconds,
  };
}
