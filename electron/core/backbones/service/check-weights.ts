import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { StudioError } from '../../../../shared/api/errors';
import type { Family } from '../types';
import { checkResnet, checkVgg, checkVit, type WeightsCheck } from './check-image-weights';
import { checkHfImageInput, checkTimmInput } from './check-input-size';
import { checkBert, checkGpt2 } from './check-text-weights';
import { TensorExpect, type TensorIndex } from './tensor-expect';

type Json = Record<string, unknown>;

async function preprocessorConfig(dir: string): Promise<Json | null> {
  let text: string;
  try {
    text = await readFile(join(dir, 'preprocessor_config.json'), 'utf8');
  } catch {
    return null;
  }
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
  } catch (e) {
    throw new StudioError('bad_input', `${basename(dir)}: preprocessor_config.json is not valid JSON (${(e as Error).message})`);
  }
}

/**
 * config.json against model.safetensors' header (no weights read): the shapes and counts the
 * config implies, and input sizes a preprocessing step can honour. Throws bad_input naming the
 * tensor or field that disagrees; returns the feature width the tensors give.
 */
export async function checkFolderWeights(dir: string, config: Json, family: Family, index: TensorIndex): Promise<WeightsCheck> {
  const label = basename(dir);
  const ex = new TensorExpect(index, label);
  const timm = typeof config.architecture === 'string';
  if (timm) checkTimmInput(config, label);
  else if (family === 'vit') checkHfImageInput(config, await preprocessorConfig(dir), label);
  switch (family) {
    case 'resnet':
      return checkResnet(config, ex);
    case 'vgg':
      return checkVgg(config, ex);
    case 'vit':
      return checkVit(config, ex);
    case 'bert':
      return checkBert(config, ex);
    case 'gpt2':
      return checkGpt2(config, ex);
  }
}
