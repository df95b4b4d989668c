import type { backbonesMethods } from '../../../../shared/api/methods/backbones';
import { StudioError } from '../../../../shared/api/errors';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { backbonesRepo } from '../../store/repos/backbones';
import { addFolder, toSummary } from '../../backbones/service/registry';
import { catalogItems } from '../../backbones/service/catalog';
import { removeBackbone } from '../../backbones/service/remove';
import { addStarters } from '../../backbones/service/starters';

export function backbonesHandlers(ctx: CoreContext): HandlersFor<typeof backbonesMethods> {
  const repo = backbonesRepo(ctx.db);
  const downloads = () => ctx.services.backbones.downloads;
  return {
    'backbones.list': () => ({ backbones: repo.list().map(toSummary) }),
    'backbones.get': (p) => {
      const row = repo.get(p.id);
      if (!row) throw new StudioError('not_found', `No backbone "${p.id}".`);
      return toSummary(row);
    },
    'backbones.catalog': () => ({ entries: catalogItems(ctx.db, downloads()) }),
    'backbones.install': (p) => downloads().start(p.repo, p.revision),
    'backbones.cancel': (p) => ({ cancelled: downloads().cancel(p.downloadId) }),
    'backbones.downloads': () => ({ downloads: downloads().list() }),
    'backbones.addLocal': async (p) => {
      const b = await addFolder(ctx.db, p.path, p.name ? { name: p.name } : {});
      ctx.events.emit('backbones.changed', { id: b.id });
      return b;
    },
    'backbones.addStarters': async (p) => {
      const added = await addStarters(ctx.db, p.modality);
      for (const b of added) ctx.events.emit('backbones.changed', { id: b.id });
      return { backbones: added };
    },
    'backbones.remove': (p) => removeBackbone(ctx, downloads(), p.id),
  };
}
