import type { BackboneInfo } from '../backbones/types';

/**
 * The names an exported backbone tensor takes so the folder loads strictly into the task class users
 * reach for: BertForSequenceClassification (`bert.*`, pooler kept), GPT2ForSequenceClassification
 * (`transformer.*`), ViTForImageClassification (`vit.*`, no pooler) when the ViT came in transformers
 * naming; timm and torchvision names stay as they are. null = the tensor is not part of that class
 * (a pre-training head, a buffer transformers no longer saves) and is left out.
 */
export function classificationName(info: BackboneInfo, name: string, allNames: readonly string[]): string | null {
  switch (info.family) {
    case 'bert':
      return rebase(name, allNames, 'bert.', 'embeddings.word_embeddings.weight', (rest) => rest.startsWith('cls.') || rest.startsWith('classifier.') || rest === 'embeddings.position_ids');
    case 'gpt2':
      return rebase(name, allNames, 'transformer.', 'wte.weight', (rest) => rest.startsWith('lm_head.') || rest.startsWith('score.') || /\.attn\.(masked_)?bias$/.test(rest));
    case 'vit':
      if (!isTransformersVit(info)) return name;
      return rebase(name, allNames, 'vit.', 'embeddings.cls_token', (rest) => rest.startsWith('pooler.') || rest.startsWith('classifier.'));
    default:
      return name;
  }
}

/** ViT loaded from transformers naming (ViTModel or ViTForImageClassification) rather than timm's. */
export function isTransformersVit(info: BackboneInfo): boolean {
  return info.family === 'vit' && info.headNames?.weight === 'classifier.weight';
}

/** The architectures entry of the exported config.json (transformers' loaders read it). */
export function classificationArchitecture(info: BackboneInfo): string | null {
  if (info.family === 'bert') return 'BertForSequenceClassification';
  if (info.family === 'gpt2') return 'GPT2ForSequenceClassification';
  if (isTransformersVit(info)) return 'ViTForImageClassification';
  return null;
}

/**
 * Moves a tensor under `prefix` whether the checkpoint had it bare (BertModel) or prefixed (BertFor*).
 * Names outside the model's own prefix in a prefixed checkpoint are task heads (`cls.*`, `lm_head.*`).
 */
function rebase(name: string, allNames: readonly string[], prefix: string, probe: string, drop: (rest: string) => boolean): string | null {
  const prefixed = allNames.includes(prefix + probe);
  if (prefixed && !name.startsWith(prefix)) return null;
  const rest = prefixed ? name.slice(prefix.length) : name;
  return drop(rest) ? null : prefix + rest;
}
