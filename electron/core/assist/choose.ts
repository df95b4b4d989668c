import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import type { DatasetKind } from '../../../shared/domain/dataset';
import { backbonesRepo, type BackboneRow } from '../store/repos/backbones';
import { runsRepo } from '../store/repos/runs';

/**
 * What a backbone family embeds. Read from the row, not through the backbones service, whose
 * module graph reaches the model code: the core must not load tfjs to answer this.
 */
export function modalityOf(b: Pick<BackboneRow, 'family'>): DatasetKind {
  return b.family === 'bert' || b.family === 'gpt2' ? 'text' : 'image';
}

/** Installed backbones that can embed a dataset of this kind (image backbones for images, text for text). */
export function backbonesFor(ctx: CoreContext, kind: DatasetKind): BackboneRow[] {
  return backbonesRepo(ctx.db)
    .list()
    .filter((b) => modalityOf(b) === kind);
}

/** The latest completed run's backbone on the dataset (what the user trusts), else the first installed one of its kind. */
export function defaultBackbone(ctx: CoreContext, datasetId: number, kind: DatasetKind): BackboneRow | null {
  const usable = backbonesFor(ctx, kind);
  const byId = new Map(usable.map((b) => [b.id, b]));
  for (const run of runsRepo(ctx.db).list({ datasetId })) {
    if (run.status === 'completed' && run.backboneId && byId.has(run.backboneId)) return byId.get(run.backboneId)!;
  }
  return usable[0] ?? null;
}

export function chooseBackbone(ctx: CoreContext, datasetId: number, kind: DatasetKind, backboneId: string | undefined): BackboneRow {
  if (backboneId === undefined) {
    const b = defaultBackbone(ctx, datasetId, kind);
    if (!b) throw new StudioError('conflict', `No ${kind} backbone is installed: add one on the Backbones page to get labeling suggestions.`);
    return b;
  }
  const b = backbonesRepo(ctx.db).get(backboneId);
  if (!b) throw new StudioError('not_found', `No backbone "${backboneId}".`);
  const modality = modalityOf(b);
  if (modality !== kind) throw new StudioError('bad_input', `${b.name} is a${modality === 'image' ? 'n image' : ' text'} backbone; this dataset holds ${kind}s.`);
  return b;
}
