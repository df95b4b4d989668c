import type { BackboneInfo } from '../backbones/types';
import type { ImagePreprocessing } from '../training/data/preprocessing-summary';
import { preprocessingBlock } from './preprocessing-block';
import { classificationArchitecture } from './hub-naming';

/**
 * The exported config.json: the backbone's own config with the classifier resized to the run's labels,
 * the labels named (`label_names`; `id2label`/`label2id` for transformers) and the preprocessing stated.
 */
export function exportConfig(original: Record<string, unknown>, labels: readonly string[], pre: ImagePreprocessing | null, info: BackboneInfo): Record<string, unknown> {
  const cfg: Record<string, unknown> = JSON.parse(JSON.stringify(original)) as Record<string, unknown>;
  const n = labels.length;
  cfg.num_classes = n;
  cfg.label_names = [...labels];
  if (typeof cfg.model_type === 'string') {
    // transformers: num_labels follows id2label.
    cfg.id2label = Object.fromEntries(labels.map((l, i) => [String(i), l]));
    cfg.label2id = Object.fromEntries(labels.map((l, i) => [l, i]));
    cfg.num_labels = n;
    delete cfg.num_classes;
    const arch = classificationArchitecture(info);
    if (arch) cfg.architectures = [arch];
    // GPT2ForSequenceClassification finds each text's last token by pad_token_id, and refuses a batch without one.
    if (info.family === 'gpt2' && typeof cfg.pad_token_id !== 'number') cfg.pad_token_id = typeof cfg.eos_token_id === 'number' ? cfg.eos_token_id : 50256;
  }
  if (cfg.model_args && typeof cfg.model_args === 'object') (cfg.model_args as Record<string, unknown>).num_classes = n;
  if (cfg.pretrained_cfg && typeof cfg.pretrained_cfg === 'object') {
    const pc = cfg.pretrained_cfg as Record<string, unknown>;
    pc.num_classes = n;
    pc.label_names = [...labels];
  }
  if (pre) cfg.preprocessing = preprocessingBlock(pre);
  cfg.transfer_studio = { architecture: info.architecture, family: info.family, exported_at: new Date().toISOString() };
  return cfg;
}
