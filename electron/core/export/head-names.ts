import type { BackboneInfo } from '../backbones/types';

/**
 * Where the classifier lives in the backbone's own hub naming, so the export loads strictly into the same
 * architecture with its classifier resized: timm/torchvision ResNet `fc`, VGG `classifier.6` (torchvision) or
 * `head.fc` (timm), ViT `head` (timm) / `classifier` (transformers), BERT/GPT-2 `classifier` / `score`.
 */
export function headNamesFor(info: BackboneInfo, names: ReadonlySet<string>): { weight: string; bias: string | null } {
  if (info.headNames) return info.headNames;
  switch (info.family) {
    case 'resnet':
      return { weight: 'fc.weight', bias: 'fc.bias' };
    case 'vgg':
      return names.has('pre_logits.fc1.weight') ? { weight: 'head.fc.weight', bias: 'head.fc.bias' } : { weight: 'classifier.6.weight', bias: 'classifier.6.bias' };
    case 'vit':
      return [...names].some((n) => n.startsWith('vit.')) ? { weight: 'classifier.weight', bias: 'classifier.bias' } : { weight: 'head.weight', bias: 'head.bias' };
    case 'bert':
      return { weight: 'classifier.weight', bias: 'classifier.bias' };
    case 'gpt2':
      // GPT2ForSequenceClassification's `score` has no bias.
      return { weight: 'score.weight', bias: null };
  }
}
