import { loadBackbone as loadFolder } from '../../electron/core/backbones/load';
import type { Backbone } from '../../electron/core/backbones/types';

/** The backbones module's loader returns { backbone, … }; the training process wants the Backbone itself. */
export async function loadBackbone(dir: string): Promise<Backbone> {
  return (await loadFolder(dir)).backbone;
}
