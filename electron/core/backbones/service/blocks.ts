import type { BackboneRow } from '../../store/repos/backbones';
import { resolveSpec, type ResnetArgs } from '../image/resnet-spec';
import { hfVitConfig, timmVitConfig } from '../image/vit-config';
import { parseBertConfig, parseGpt2Config } from '../text/config';

export interface FinetuneBlocks {
  /** Stages the backbone is a chain of (what `finetuneBlocks` counts from the end of). */
  numBlocks: number;
  /** What finetune trains when the user does not say: the family's default. */
  defaultFinetuneBlocks: number;
}

/**
 * The same counts the family builders put in BackboneInfo, read from config.json alone so
 * `backbones.list` can offer them without loading weights. Null when the config does not say.
 */
export function finetuneBlocksOf(row: Pick<BackboneRow, 'family' | 'config'>): FinetuneBlocks | null {
  const cfg = row.config;
  try {
    switch (row.family) {
      case 'resnet': {
        const arch = typeof cfg.architecture === 'string' ? cfg.architecture.split('.')[0]! : '';
        const spec = resolveSpec(arch, (cfg.model_args ?? {}) as ResnetArgs);
        return { numBlocks: 1 + spec.layers.reduce((a, b) => a + b, 0), defaultFinetuneBlocks: spec.layers[3]! };
      }
      case 'vgg':
        // Five conv stages, then fc1 and fc2; finetune trains fc2 by default (see vgg.ts).
        return { numBlocks: 7, defaultFinetuneBlocks: 1 };
      case 'vit': {
        const depth = (typeof cfg.model_type === 'string' ? hfVitConfig(cfg) : timmVitConfig(cfg)).depth;
        return { numBlocks: 1 + depth, defaultFinetuneBlocks: Math.min(2, depth) };
      }
      case 'bert':
      case 'gpt2': {
        const n = (row.family === 'bert' ? parseBertConfig(cfg) : parseGpt2Config(cfg)).numLayers;
        return { numBlocks: n, defaultFinetuneBlocks: Math.min(2, n) };
      }
      default:
        return null;
    }
  } catch {
    return null;
  }
}
