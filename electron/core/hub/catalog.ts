import type { Family, Modality } from '../backbones/types';

/** A pretrained checkpoint offered by name in the backbone picker. */
export interface CatalogEntry {
  /** Short stable key for the UI and CLI. */
  key: string;
  /** Hugging Face repo id. */
  repo: string;
  revision: string;
  family: Family;
  modality: Modality;
  /** What the family loader builds (timm architecture / transformers model_type). */
  architecture: string;
  /** Width of the features a classification head receives (see BRIEF "Definitions"). */
  featureDim: number;
  /** Bytes fetched for `files` + `optionalFiles`. Approximate (see sizeSource). */
  downloadBytes: number;
  /** How downloadBytes was arrived at: sizes the hub shows, or parameters × 4 bytes when not looked up. */
  sizeSource: 'hub listing (approximate)' | 'parameter count × 4 bytes (approximate)';
  /** SPDX id of the checkpoint's licence. */
  licence: string;
  title: string;
  /** One line for someone who does not write code. */
  description: string;
  /** Must all exist in the repo. */
  files: string[];
  /** Fetched when present. */
  optionalFiles: string[];
}

/** Every backbone folder needs these (BRIEF: "A backbone folder is a Hugging Face Hub snapshot"). */
export const BACKBONE_REQUIRED_FILES = ['model.safetensors', 'config.json'] as const;
/** Preprocessing and tokenizer files loaders use when a repo has them. */
export const BACKBONE_OPTIONAL_FILES = [
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.txt',
  'vocab.json',
  'merges.txt',
] as const;

const MB = 1_000_000;

export const BACKBONE_CATALOG: readonly CatalogEntry[] = [
  {
    key: 'resnet50',
    repo: 'timm/resnet50.a1_in1k',
    revision: 'main',
    family: 'resnet',
    modality: 'image',
    architecture: 'resnet50',
    featureDim: 2048,
    downloadBytes: 102 * MB,
    sizeSource: 'parameter count × 4 bytes (approximate)',
    licence: 'apache-2.0',
    title: 'ResNet-50',
    description: 'A fast, dependable photo model: a good first choice for most image datasets.',
    files: ['model.safetensors', 'config.json'],
    optionalFiles: [],
  },
  {
    key: 'vgg16',
    repo: 'timm/vgg16.tv_in1k',
    revision: 'main',
    family: 'vgg',
    modality: 'image',
    architecture: 'vgg16',
    featureDim: 4096,
    downloadBytes: 553 * MB,
    sizeSource: 'parameter count × 4 bytes (approximate)',
    licence: 'bsd-3-clause',
    title: 'VGG-16',
    description: 'A classic, simple photo model; large download and slower, useful as a baseline to compare against.',
    files: ['model.safetensors', 'config.json'],
    optionalFiles: [],
  },
  {
    key: 'vit-base-timm',
    repo: 'timm/vit_base_patch16_224.augreg2_in21k_ft_in1k',
    revision: 'main',
    family: 'vit',
    modality: 'image',
    architecture: 'vit_base_patch16_224',
    featureDim: 768,
    downloadBytes: 346 * MB,
    sizeSource: 'parameter count × 4 bytes (approximate)',
    licence: 'apache-2.0',
    title: 'Vision Transformer (ViT-B/16, ImageNet-tuned)',
    description: 'A modern photo model that looks at images as a grid of patches; often the most accurate, slower to train.',
    files: ['model.safetensors', 'config.json'],
    optionalFiles: [],
  },
  {
    key: 'vit-base-in21k',
    repo: 'google/vit-base-patch16-224-in21k',
    revision: 'main',
    family: 'vit',
    modality: 'image',
    architecture: 'vit',
    featureDim: 768,
    downloadBytes: 346 * MB,
    sizeSource: 'parameter count × 4 bytes (approximate)',
    licence: 'apache-2.0',
    title: 'Vision Transformer (ViT-B/16, ImageNet-21k)',
    description: 'Google’s original Vision Transformer, trained on 14 million photos of 21,000 kinds of things.',
    files: ['model.safetensors', 'config.json', 'preprocessor_config.json'],
    optionalFiles: [],
  },
  {
    key: 'bert-base-uncased',
    repo: 'google-bert/bert-base-uncased',
    revision: 'main',
    family: 'bert',
    modality: 'text',
    architecture: 'bert',
    featureDim: 768,
    downloadBytes: 440_449_768 + 466_062 + 231_508 + 570 + 48,
    sizeSource: 'hub listing (approximate)',
    licence: 'apache-2.0',
    title: 'BERT base (uncased)',
    description: 'Google’s English text model that reads a whole sentence at once; a strong default for sorting short texts.',
    files: ['model.safetensors', 'config.json', 'vocab.txt', 'tokenizer.json'],
    optionalFiles: ['tokenizer_config.json'],
  },
  {
    key: 'gpt2',
    repo: 'openai-community/gpt2',
    revision: 'main',
    family: 'gpt2',
    modality: 'text',
    architecture: 'gpt2',
    featureDim: 768,
    downloadBytes: 548_105_171 + 1_042_301 + 456_318 + 1_355_256 + 665 + 26,
    sizeSource: 'hub listing (approximate)',
    licence: 'mit',
    title: 'GPT-2 (small)',
    description: 'OpenAI’s English text model that reads left to right; useful to compare with BERT on your texts.',
    files: ['model.safetensors', 'config.json', 'vocab.json', 'merges.txt', 'tokenizer.json'],
    optionalFiles: ['tokenizer_config.json'],
  },
];

/** Look an entry up by key or repo id (case-insensitive, as the hub treats repo ids). */
export function findCatalogEntry(keyOrRepo: string): CatalogEntry | undefined {
  const k = keyOrRepo.trim().toLowerCase();
  return BACKBONE_CATALOG.find((e) => e.key === k || e.repo.toLowerCase() === k);
}

/** Which files to fetch for a repo: the catalog's list when it is a preset, else the generic backbone set. */
export function backboneFileSelection(repo: string): { files: string[]; optionalFiles: string[] } {
  const entry = findCatalogEntry(repo);
  if (entry) return { files: [...entry.files], optionalFiles: [...entry.optionalFiles] };
  return { files: [...BACKBONE_REQUIRED_FILES], optionalFiles: [...BACKBONE_OPTIONAL_FILES] };
}
