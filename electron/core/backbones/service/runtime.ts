import type { CoreContext } from '../../context';
import { BackboneDownloads } from './downloads';

export interface BackbonesRuntime {
  downloads: BackboneDownloads;
}

/** Per-core state of the backbones domain, built by openCore; running downloads stop when the core closes. */
export function createBackbonesRuntime(ctx: CoreContext): BackbonesRuntime {
  const rt: BackbonesRuntime = { downloads: new BackboneDownloads(ctx) };
  ctx.onClose(() => rt.downloads.cancelAll());
  return rt;
}
