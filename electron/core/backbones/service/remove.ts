import { rm } from 'node:fs/promises';
import { relative, isAbsolute } from 'node:path';
import { StudioError } from '../../../../shared/api/errors';
import type { CoreContext } from '../../context';
import { backbonesRepo } from '../../store/repos/backbones';
import { repoFolder } from '../../hub';
import type { BackboneDownloads } from './downloads';

const inside = (parent: string, child: string) => {
  const r = relative(parent, child);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
};

/**
 * Forgets a backbone. Its hub download (under the data dir's cache) is deleted to free the space;
 * a folder the user added is theirs and stays. A backbone runs were trained on is kept, so their record stays complete.
 */
export async function removeBackbone(ctx: CoreContext, downloads: BackboneDownloads, id: string): Promise<{ removed: boolean; freedBytes: number }> {
  const repo = backbonesRepo(ctx.db);
  const row = repo.get(id);
  if (!row) return { removed: false, freedBytes: 0 };
  const runs = repo.runsUsing(id);
  if (runs > 0) throw new StudioError('conflict', `${runs} run${runs === 1 ? ' was' : 's were'} trained on "${id}"; delete them first so their record stays complete.`);
  const running = downloads.latestFor(row.source);
  if (running && (running.state === 'downloading' || running.state === 'registering')) {
    throw new StudioError('conflict', `"${id}" is downloading; cancel the download first.`);
  }
  repo.remove(id);
  let freedBytes = 0;
  if (row.source !== 'local') {
    const folder = repoFolder(downloads.cacheDir, row.source);
    if (inside(downloads.cacheDir, folder) && inside(folder, row.path)) {
      freedBytes = row.sizeBytes;
      await rm(folder, { recursive: true, force: true });
    }
  }
  ctx.events.emit('backbones.changed', { id });
  return { removed: true, freedBytes };
}
