import * as tf from '../tf/tf';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../../shared/api/errors';
import type { RunModel } from '../predict/run-model';
import { writeSafetensors, type TensorToWrite } from '../backbones/safetensors';
import { readImagePreprocessing } from '../training/data/preprocessing-summary';
import { headNamesFor } from './head-names';
import { exportConfig } from './config';
import { classificationArchitecture, classificationName } from './hub-naming';
import { foldBiasThroughLayerNorm, shiftLayerNormOffset } from './fold-bias';

/** Files a hub folder carries besides weights and config, copied as they are (tokenizer, preprocessor). */
const sideFiles = ['preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'vocab.json', 'merges.txt', 'special_tokens_map.json'];

/**
 * safetensors of the fine-tuned backbone in its own hub naming plus the run's classifier under the family's
 * head name, with a config.json naming the labels and the preprocessing: loads strictly in PyTorch.
 */
export async function exportSafetensors(model: RunModel, outDir: string): Promise<{ files: string[]; notes: string[] }> {
  const info = model.backbone.info;
  if (model.head.config.hidden > 0) {
    throw new StudioError(
      'unavailable',
      `This run's head has a hidden layer (${model.head.config.hidden} units), which the ${info.architecture} classifier (a single linear layer) cannot hold; export tfjs, or train with hiddenUnits 0.`,
    );
  }
  const named = model.backbone.namedWeights();
  const tensors = new Map<string, TensorToWrite>();
  const notes: string[] = [];
  try {
    if (named.size === 0) throw new StudioError('unavailable', `${info.architecture} does not expose its weights by name, so it cannot be exported as safetensors.`);
    const head = headNamesFor(info, new Set(named.keys()));
    const allNames = [...named.keys()];
    for (const [original, t] of named) {
      // The checkpoint's own classifier (e.g. ImageNet's 1000 classes) is replaced by the run's.
      if (original === head.weight || original === head.bias) continue;
      const name = classificationName(info, original, allNames);
      if (name === null) continue;
      if (t.dtype === 'int32') tensors.set(name, { shape: t.shape, data: (await t.data()) as Int32Array, dtype: 'I64' });
      else tensors.set(name, { shape: t.shape, data: Float32Array.from(await t.data()) });
    }
    const [wv, bv] = model.head.variables as [tf.Variable, tf.Variable];
    // tfjs keeps dense kernels [in, out]; torch.nn.Linear stores [out, in].
    const w = tf.transpose(wv);
    const weight = Float32Array.from(await w.data());
    const [k, d] = w.shape as [number, number];
    w.dispose();
    const bias = Float32Array.from(await bv.data());
    if (head.bias) {
      tensors.set(head.weight, { shape: [k, d], data: weight });
      tensors.set(head.bias, { shape: bv.shape, data: bias });
    } else {
      // GPT2ForSequenceClassification's score has no bias; the run's bias moves into the weight exactly
      // through ln_f, or where that cannot be done, into ln_f's offset (see fold-bias.ts).
      const lnG = tensors.get('transformer.ln_f.weight');
      const lnB = tensors.get('transformer.ln_f.bias');
      if (!lnG || !lnB) throw new StudioError('unavailable', `${info.architecture}: no final LayerNorm to carry the classifier's bias; export tfjs instead.`);
      const folded = foldBiasThroughLayerNorm(weight, bias, k, d, lnG.data as Float32Array, lnB.data as Float32Array);
      if (folded.ok) tensors.set(head.weight, { shape: [k, d], data: folded.weight });
      else {
        const shifted = shiftLayerNormOffset(weight, bias, k, d, lnB.data as Float32Array);
        if (!shifted.ok) throw new StudioError('unavailable', `${info.architecture}'s classifier has no bias and this run's cannot be carried by its weight (${folded.reason}) nor by ln_f's offset (${shifted.reason}); export tfjs instead.`);
        tensors.set(head.weight, { shape: [k, d], data: weight });
        tensors.set('transformer.ln_f.bias', { shape: lnB.shape, data: shifted.beta });
        notes.push(`${head.weight.replace(/\.weight$/, '')} has no bias, so transformer.ln_f.bias carries the run's (it differs from the backbone's, which feeds only the classifier here; the logits are the run's).`);
      }
    }
  } finally {
    tf.dispose([...named.values()]);
  }
  mkdirSync(outDir, { recursive: true });
  await writeSafetensors(join(outDir, 'model.safetensors'), tensors, { format: 'pt' });
  const src = model.spec.backbone.dir;
  const original = existsSync(join(src, 'config.json')) ? (JSON.parse(readFileSync(join(src, 'config.json'), 'utf8')) as Record<string, unknown>) : {};
  const pre = info.modality === 'image' ? readImagePreprocessing(src, info.inputSize) : null;
  writeFileSync(join(outDir, 'config.json'), JSON.stringify(exportConfig(original, model.spec.labels, pre, info), null, 2) + '\n');
  const files = ['model.safetensors', 'config.json'];
  for (const f of sideFiles) {
    if (existsSync(join(src, f))) {
      copyFileSync(join(src, f), join(outDir, f));
      files.push(f);
    }
  }
  return {
    files,
    // transformers' task class where there is one: the family name (bert, gpt2) would send users to BertModel, which refuses the folder.
    notes: [
      `Classifier written as ${headNamesFor(info, new Set(tensors.keys())).weight.replace(/\.weight$/, '')} (${model.spec.labels.length} labels); load it strictly into ${classificationArchitecture(info) ?? info.architecture}.`,
      ...notes,
    ],
  };
}
