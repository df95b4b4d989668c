import { existsSync, statSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { StudioError } from '../../../../shared/api/errors';
import { SafetensorsReader } from '../safetensors';
import type { Family, Modality } from '../types';
import { checkFolderWeights } from './check-weights';

/** What the registry records about a backbone folder, read from its files without building the model. */
export interface FolderDescription {
  family: Family;
  modality: Modality;
  architecture: string;
  featureDim: number;
  sizeBytes: number;
  /** From config.json (timm pretrained_cfg.license) or the README's front matter; null when neither says. */
  licence: string | null;
  config: Record<string, unknown>;
}

const bad = (msg: string) => new StudioError('bad_input', msg);

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

// Widths of timm's named ViT sizes, for configs whose model_args do not give embed_dim.
const vitWidths: Record<string, number> = { tiny: 192, small: 384, medium: 512, base: 768, large: 1024, huge: 1280, giant: 1408 };

function timmFamily(cfg: Record<string, unknown>, dir: string): Pick<FolderDescription, 'family' | 'modality' | 'architecture' | 'featureDim'> {
  const arch = String(cfg.architecture).split('.')[0]!.toLowerCase();
  const args = (typeof cfg.model_args === 'object' && cfg.model_args !== null ? cfg.model_args : {}) as Record<string, unknown>;
  const resnet = /^resnet(18|34|50|101|152)$/.exec(arch);
  if (resnet) return { family: 'resnet', modality: 'image', architecture: arch, featureDim: num(cfg.num_features) ?? (Number(resnet[1]) <= 34 ? 512 : 2048) };
  if (/^vgg(11|13|16|19)(_bn)?$/.test(arch)) return { family: 'vgg', modality: 'image', architecture: arch, featureDim: 4096 };
  const vit = /^vit_([a-z]+)_/.exec(arch);
  if (vit) {
    const dim = num(args.embed_dim) ?? num(cfg.num_features) ?? vitWidths[vit[1]!];
    if (!dim) throw bad(`${dir}: cannot tell the width of ViT "${arch}" (config.json has no model_args.embed_dim or num_features)`);
    return { family: 'vit', modality: 'image', architecture: arch, featureDim: dim };
  }
  throw bad(`${dir}: timm architecture "${arch}" is not supported (ResNet 18–152, VGG 11–19 with or without _bn, ViT)`);
}

function transformersFamily(cfg: Record<string, unknown>, dir: string): Pick<FolderDescription, 'family' | 'modality' | 'architecture' | 'featureDim'> {
  const type = String(cfg.model_type);
  const need = (key: string) => {
    const v = num(cfg[key]);
    if (!v) throw bad(`${dir}/config.json: "${key}" must be a positive integer for a ${type} model`);
    return v;
  };
  if (type === 'vit') return { family: 'vit', modality: 'image', architecture: 'vit', featureDim: need('hidden_size') };
  if (type === 'bert') return { family: 'bert', modality: 'text', architecture: 'bert', featureDim: need('hidden_size') };
  if (type === 'gpt2') return { family: 'gpt2', modality: 'text', architecture: 'gpt2', featureDim: need('n_embd') };
  throw bad(`${dir}: transformers model_type "${type}" is not supported (vit, bert, gpt2)`);
}

/** Family, architecture and feature width from config.json alone (timm: `architecture`; transformers: `model_type`). */
export function detectFamily(cfg: Record<string, unknown>, dir: string): Pick<FolderDescription, 'family' | 'modality' | 'architecture' | 'featureDim'> {
  if (typeof cfg.architecture === 'string') return timmFamily(cfg, dir);
  if (typeof cfg.model_type === 'string') return transformersFamily(cfg, dir);
  throw bad(`${dir}/config.json names no model: expected "architecture" (timm) or "model_type" (transformers)`);
}

async function readJsonObject(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw bad(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw bad(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`${path} is not a JSON object`);
  return v as Record<string, unknown>;
}

/** `license: apache-2.0` from a model card's YAML front matter. */
export function licenceFromReadme(text: string): string | null {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const m = fm && /^licen[cs]e:\s*["']?([^"'\r\n#]+?)["']?\s*$/m.exec(fm[1]!);
  return m ? m[1]!.trim() : null;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isDirectory()) continue;
    try {
      total += (await stat(join(e.parentPath, e.name))).size; // follows the hub cache's symlinks
    } catch {
      // A dangling link counts for nothing.
    }
  }
  return total;
}

function hasTokenizer(dir: string): boolean {
  return ['tokenizer.json', 'vocab.txt'].some((f) => existsSync(join(dir, f))) || (existsSync(join(dir, 'vocab.json')) && existsSync(join(dir, 'merges.txt')));
}

/**
 * Checks that `dir` is a backbone folder in hub layout and describes it: config.json names a
 * supported family, model.safetensors has a valid header whose tensors agree with config.json
 * (shapes, counts, input sizes), a text model has its tokenizer.
 * Cheap (no weights are read), so the core can call it without tfjs.
 */
export async function describeFolder(dir: string): Promise<FolderDescription> {
  if (!existsSync(dir)) throw bad(`${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw bad(`${dir} is not a folder (a backbone is a folder with model.safetensors and config.json)`);
  const missing = ['config.json', 'model.safetensors'].filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw bad(`${dir} is not a backbone folder: ${missing.join(' and ')} missing (expected a Hugging Face Hub snapshot)`);
  const config = await readJsonObject(join(dir, 'config.json'));
  const fam = detectFamily(config, basename(dir));
  const reader = await SafetensorsReader.open(join(dir, 'model.safetensors'));
  let checked;
  try {
    checked = await checkFolderWeights(dir, config, fam.family, reader);
  } finally {
    await reader.close();
  }
  if (fam.modality === 'text' && !hasTokenizer(dir)) {
    throw bad(`${dir} holds a ${fam.family} model but no tokenizer (tokenizer.json, vocab.txt, or vocab.json + merges.txt)`);
  }
  const pre = config.pretrained_cfg as Record<string, unknown> | undefined;
  let licence = typeof pre?.license === 'string' ? pre.license : typeof config.license === 'string' ? config.license : null;
  if (!licence && existsSync(join(dir, 'README.md'))) licence = licenceFromReadme(await readFile(join(dir, 'README.md'), 'utf8'));
  return { ...fam, featureDim: checked.featureDim, sizeBytes: await folderBytes(dir), licence, config };
}
