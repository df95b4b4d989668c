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

/** For callers written before the services object (the CLI waits on downloads until the typed client does). New code reads ctx.services.backbones. */
export function backbonesRuntime(ctx: CoreContext): BackbonesRuntime {
  return ctx.services.backbones;
}
