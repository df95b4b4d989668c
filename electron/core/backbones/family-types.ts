import type { SafetensorsReader } from './safetensors';
import type { ImagePreprocessor } from './preprocess';
import type { TextTokenizer } from './tokenizers/text-tokenizer';
import type { Backbone } from './types';

export type JsonObject = Record<string, unknown>;

export interface LoadContext {
  /** The backbone folder (a Hub snapshot: model.safetensors + config.json + …). */
  dir: string;
  config: JsonObject;
  /** model.safetensors, opened; tensors are read one at a time. The loader must not close it. */
  reader: SafetensorsReader;
  /** Another JSON file of the folder (preprocessor_config.json, tokenizer_config.json…), or null if absent. */
  readJson(name: string): Promise<JsonObject | null>;
}

export interface ImagePreprocessing extends ImagePreprocessor {
  kind: 'image';
}

/** BERT / GPT-2: the folder's tokenizer and the longest input the model takes. */
export interface TextPreprocessing {
  kind: 'text';
  tokenizer: TextTokenizer;
  /** min(tokenizer_config model_max_length, the model's positions): the default truncation length. */
  maxLength: number;
}

export type Preprocessing = ImagePreprocessing | TextPreprocessing;

export interface FamilyLoader {
  /** e.g. 'timm-resnet', 'hf-vit', 'hf-bert' */
  id: string;
  /** Shown in the "unsupported architecture" error, e.g. "timm architecture resnet18/34/50/101/152". */
  supports: string;
  /** Decides from config.json alone. */
  matches(config: JsonObject): boolean;
  load(ctx: LoadContext): Promise<{ backbone: Backbone; preprocessing: Preprocessing }>;
}
