import { loadBackbone } from '../backbones/load';
import type { Preprocessing } from '../backbones/family-types';
import type { Backbone } from '../backbones/types';
import { folderImagePreprocessing } from './data/image-preprocessing';

/** What training needs from a backbone folder: the network and the preprocessing it was parity-tested with. */
export interface TrainingBackbone {
  backbone: Backbone;
  preprocessing: Preprocessing;
}

type TestLoaderResult = TrainingBackbone | Backbone;
type TestLoader = (dir: string) => Promise<TestLoaderResult> | TestLoaderResult;

/**
 * The backbones package's `loadBackbone` (imported statically: the Electron bundle must contain it),
 * or, for tests only, a module named in the job that exports its own `loadBackbone(dir)` returning
 * `{ backbone, preprocessing }` (tiny backbones). A test loader returning a bare Backbone is accepted
 * for older callers, but then has no preprocessing: `preprocessing` is read from the folder instead.
 */
export async function loadBackboneFor(dir: string, loaderModule?: string): Promise<TrainingBackbone> {
  if (!loaderModule) {
    const loaded = await loadBackbone(dir);
    return { backbone: loaded.backbone, preprocessing: loaded.preprocessing };
  }
  const mod = (await import(/* @vite-ignore */ loaderModule)) as { loadBackbone?: TestLoader };
  if (typeof mod.loadBackbone !== 'function') throw new Error(`Could not load the backbone in ${dir} (${loaderModule}: no loadBackbone export)`);
  const got = await mod.loadBackbone(dir);
  if ('info' in got) {
    if (got.info.modality !== 'image') throw new Error(`${loaderModule}: a text backbone loader must return { backbone, preprocessing }`);
    return { backbone: got, preprocessing: folderImagePreprocessing(dir, got.info.inputSize) };
  }
  return got;
}
