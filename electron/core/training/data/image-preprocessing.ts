import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSpec, hfSpec, imagePreprocessor, timmSpec, type ImagePreprocessSpec } from '../../backbones/preprocess';
import type { ImagePreprocessing as BackbonePreprocessing } from '../../backbones/family-types';
import { hfVitConfig, timmVitConfig } from '../../backbones/image/vit-config';

type Json = Record<string, unknown>;

function readJson(dir: string, name: string): Json | null {
  const p = join(dir, name);
  if (!existsSync(p)) return null;
  const v: unknown = JSON.parse(readFileSync(p, 'utf8'));
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
}

/**
 * The spec the backbones package's family loaders choose for a folder (image/loaders.ts), worked out
 * synchronously from its JSON files, for callers that have no loaded backbone at hand. Training itself
 * takes the spec from `loadBackbone`; this mirrors it so prediction and export describe the same numbers.
 */
export function folderImageSpec(dir: string, inputSize?: [number, number]): ImagePreprocessSpec {
  const config = readJson(dir, 'config.json') ?? {};
  if (config.model_type === 'vit') {
    const s = hfVitConfig(config).imgSize;
    const pp = readJson(dir, 'preprocessor_config.json');
    return pp ? hfSpec(pp, [s, s]) : hfSpec({ size: { height: s, width: s } });
  }
  let size = inputSize;
  if (!size && typeof config.architecture === 'string' && config.architecture.startsWith('vit_')) {
    const s = timmVitConfig(config).imgSize;
    size = [s, s];
  }
  const pretrained = config.pretrained_cfg as Json | undefined;
  return pretrained ? timmSpec(pretrained, size) : defaultSpec(size);
}

/** The package's image preprocessor for a folder (see folderImageSpec). */
export function folderImagePreprocessing(dir: string, inputSize?: [number, number]): BackbonePreprocessing {
  return { kind: 'image', ...imagePreprocessor(folderImageSpec(dir, inputSize)) };
}
