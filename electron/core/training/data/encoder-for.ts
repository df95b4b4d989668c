import type { Preprocessing } from '../../backbones/family-types';
import type { TrainOptions } from '../../../../shared/api/methods/training';
import type { ItemEncoder } from './types';
import { imageEncoder } from './image-encoder';
import { textEncoder } from './text-encoder';

/** The item encoder for a loaded backbone: its image spec (with augmentation views) or its tokenizer. */
export function encoderFor(pre: Preprocessing, o: Pick<TrainOptions, 'augmentViews' | 'maxLength'>, weightsHash: string): ItemEncoder {
  if (pre.kind === 'image') return imageEncoder(pre.spec, o.augmentViews);
  // Never longer than the model's positions (a BERT with 64 positions cannot take 128 tokens).
  return textEncoder(pre.tokenizer, Math.min(o.maxLength, pre.maxLength), weightsHash);
}
