import type { Backbone } from '../backbones/types';

type Loader = (dir: string) => Promise<Backbone> | Backbone;

/**
 * Finds `loadBackbone(dir)`: the backbones module by default, or a module named in the job
 * (tests use tiny backbones). The path is a variable so a missing module is a readable error.
 */
export async function loadBackboneFor(dir: string, loaderModule?: string): Promise<Backbone> {
  const candidates = loaderModule ? [loaderModule] : ['../backbones/load', '../backbones/index'];
  const reasons: string[] = [];
  for (const m of candidates) {
    try {
      const mod = (await import(/* @vite-ignore */ m)) as { loadBackbone?: Loader };
      if (typeof mod.loadBackbone === 'function') return await mod.loadBackbone(dir);
      reasons.push(`${m}: no loadBackbone export`);
    } catch (err) {
      if (loaderModule) throw err;
      reasons.push(`${m}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  throw new Error(`Could not load the backbone in ${dir} (${reasons.join('; ')})`);
}
