import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../../shared/api/errors';
import { families } from './families';
import type { FamilyLoader, JsonObject, Preprocessing } from './family-types';
import { SafetensorsReader } from './safetensors';
import { weightsHash } from './service/weights-hash';
import type { Backbone } from './types';

export interface LoadedBackbone {
  backbone: Backbone;
  /** config.json as read. */
  config: JsonObject;
  preprocessing: Preprocessing;
  /** sha256 (hex) of model.safetensors (a verified hub blob's name, else the file hashed). */
  weightsHash: string;
  /** Size of model.safetensors in bytes. */
  sizeBytes: number;
  /** Which registered loader built it, e.g. 'timm-resnet'. */
  loader: string;
}

async function readJsonFile(path: string, name: string): Promise<JsonObject | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StudioError('bad_input', `cannot read ${name}: ${(e as Error).message}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new StudioError('bad_input', `${name} is not valid JSON (${(e as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new StudioError('bad_input', `${name} must hold a JSON object`);
  return v as JsonObject;
}

/** Finds the registered family for a config.json, or explains what is supported. */
export function detectFamily(config: JsonObject): FamilyLoader {
  const found = families.find((f) => f.matches(config));
  if (found) return found;
  const named =
    typeof config.architecture === 'string'
      ? `timm architecture '${config.architecture}'`
      : typeof config.model_type === 'string'
        ? `transformers model_type '${config.model_type}'`
        : 'neither a timm "architecture" nor a transformers "model_type"';
  throw new StudioError('bad_input', `config.json names ${named}, which is not supported. Supported: ${families.map((f) => f.supports).join('; ')}`);
}

/** Loads a backbone folder in Hub layout (model.safetensors + config.json [+ preprocessor/tokenizer files]). */
export async function loadBackbone(dir: string): Promise<LoadedBackbone> {
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat?.isDirectory()) throw new StudioError('bad_input', `${dir} is not a folder`);
  const config = await readJsonFile(join(dir, 'config.json'), 'config.json');
  if (!config) throw new StudioError('bad_input', `${dir} has no config.json (a backbone folder is a Hub snapshot: model.safetensors + config.json)`);
  const loader = detectFamily(config);
  const weightsPath = join(dir, 'model.safetensors');
  const reader = await SafetensorsReader.open(weightsPath);
  try {
    const [hash, built] = await Promise.allSettled([
      weightsHash(dir),
      loader.load({ dir, config, reader, readJson: (name) => readJsonFile(join(dir, name), name) }),
    ]);
    if (built.status === 'rejected') throw built.reason;
    if (hash.status === 'rejected') {
      built.value.backbone.dispose();
      throw new StudioError('bad_input', `cannot read ${weightsPath}: ${(hash.reason as Error).message}`);
    }
    return { ...built.value, config, weightsHash: hash.value, sizeBytes: reader.fileSize, loader: loader.id };
  } finally {
    await reader.close();
  }
}
