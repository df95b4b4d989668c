import type { RunModel } from '../predict/run-model';
import type { ImagePreprocessing } from '../training/data/preprocessing-summary';

/**
 * What an exported .onnx carries about itself (metadata_props, string → string, as ONNX Runtime's
 * session.modelMetadata / onnx.load(...).metadata_props read them): the labels in output order, the
 * exact preprocessing, and where it came from; doc_string is a short model card.
 */
export function onnxMetadata(c: { model: RunModel; preprocessing: ImagePreprocessing | null; maxLength?: number }): { props: Record<string, string>; doc: string } {
  const { model, preprocessing: pre } = c;
  const info = model.backbone.info;
  const props: Record<string, string> = {
    labels: JSON.stringify(model.spec.labels),
    family: info.family,
    architecture: info.architecture,
    modality: info.modality,
    backbone: model.spec.backbone.id,
    backbone_weights_sha256: model.spec.backbone.weightsHash,
    mode: model.probe ? 'probe' : 'finetune',
    outputs: 'features [N, D]; logits [N, classes]; probabilities [N, classes] (softmax of logits)',
  };
  if (pre) {
    props.input = 'pixel_values: float32 [N, 3, H, W] (NCHW), normalised as in preprocessing';
    props.preprocessing = JSON.stringify({
      decode: "PIL Image.open(f), ImageOps.exif_transpose, convert('RGB')",
      size: pre.size,
      crop_pct: pre.cropPct,
      interpolation: pre.spec?.interpolation ?? 'bilinear',
      resize: pre.spec?.resize,
      rescale: 1 / 255,
      mean: pre.mean,
      std: pre.std,
    });
  } else {
    props.input = 'input_ids, attention_mask' + (info.family === 'bert' ? ', token_type_ids' : '') + ': int64 [N, T], from the tokenizer files beside this model, padded on the right';
    props.preprocessing = JSON.stringify({ tokenizer: 'tokenizer.json (or vocab files) beside the model', max_length: c.maxLength ?? null, padding: 'right' });
  }
  const doc = [
    `Transfer Studio export: ${info.architecture} (${info.family}) with a ${model.spec.labels.length}-class head (${props.mode}).`,
    `Labels (logits order): ${model.spec.labels.join(', ')}.`,
    `Input: ${props.input}.`,
    pre ? `Preprocessing: resize (PIL ${props.preprocessing}).` : `Preprocessing: ${props.preprocessing}.`,
    'See README.md beside it for the full model card.',
  ].join('\n');
  return { props, doc };
}
