import type { CoreContext } from '../../context';
import { BackboneDownloads } from './downloads';

export interface BackbonesRuntime {
  downloads: BackboneDownloads;
}

const runtimes = new WeakMap<CoreContext, BackbonesRuntime>();

/** Per-core state of the backbones domain, made once per core; running downloads stop when the core closes. */
export function backbonesRuntime(ctx: CoreContext): BackbonesRuntime {
  const existing = runtimes.get(ctx);
  if (existing) return existing;
  const rt: BackbonesRuntime = { downloads: new BackboneDownloads(ctx) };
  runtimes.set(ctx, rt);
  ctx.onClose(() => rt.downloads.cancelAll());
  return rt;
}
