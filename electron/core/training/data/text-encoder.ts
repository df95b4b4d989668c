import * as tf from '../../tf/tf';
import type { TextTokenizer } from '../../backbones/tokenizers/text-tokenizer';
import type { ItemEncoder, PlanItem } from './types';

/** Text goes through the backbone's own tokenizer, padded to a fixed length; no augmentation views. */
export function textEncoder(tokenizer: TextTokenizer, maxLength: number, tokenizerKey: string): ItemEncoder {
  return {
    key: JSON.stringify({ kind: 'text', v: 1, maxLength, tokenizer: tokenizerKey }),
    views: 1,
    async encode(items: readonly PlanItem[]) {
      const enc = tokenizer.encodeBatch(
        items.map((i) => i.text ?? ''),
        { maxLength, padding: 'max_length', truncation: true },
      );
      return {
        inputIds: tf.tensor2d(enc.inputIds, [items.length, maxLength], 'int32'),
        attentionMask: tf.tensor2d(enc.attentionMask, [items.length, maxLength], 'int32'),
        tokenTypeIds: tf.tensor2d(enc.tokenTypeIds, [items.length, maxLength], 'int32'),
      };
    },
  };
}
