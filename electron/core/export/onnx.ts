import * as tf from '../tf/tf';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../../shared/api/errors';
import { buildOnnxGraph } from '../onnx/build';
import { transpose2d } from '../onnx/graph';
import { OnnxWeights, type WeightArray } from '../onnx/weights';
import type { RunModel } from '../predict/run-model';
import { readImagePreprocessing } from '../training/data/preprocessing-summary';
import { onnxMetadata } from './onnx-metadata';

/** Tokenizer files a text model needs beside its .onnx (the graph takes token ids). */
const tokenizerFiles = ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'vocab.json', 'merges.txt', 'special_tokens_map.json'];

/** The text encoder's truncation length, from its cache key (JSON with `maxLength`). */
function maxLengthOf(key: string): number | undefined {
  try {
    const v = (JSON.parse(key) as { maxLength?: unknown }).maxLength;
    return typeof v === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A head variable in tfjs layout [in, out] → PyTorch's [out, in]. */
async function torchLinear(v: tf.Variable): Promise<WeightArray> {
  const [i, o] = v.shape as [number, number];
  return { data: transpose2d(Float32Array.from(await v.data()), i, o), dims: [o, i] };
}

/**
 * One .onnx file: the run's backbone (its fine-tuned blocks included) and its head, logits and
 * probabilities out, labels and preprocessing in metadata_props, a short model card in doc_string.
 * Images go in as PyTorch takes them (NCHW float32, normalised); texts as int64 token ids and mask.
 */
export async function exportOnnx(model: RunModel, outDir: string): Promise<{ files: string[]; notes: string[] }> {
  const info = model.backbone.info;
  const src = model.spec.backbone.dir;
  const configPath = join(src, 'config.json');
  if (!existsSync(configPath)) throw new StudioError('unavailable', `${info.architecture} has no config.json in ${src}, so its ONNX graph cannot be built.`);
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  const weights = OnnxWeights.fromBackbone(model.backbone);
  const vars = model.head.variables as tf.Variable[];
  const hidden = model.head.config.hidden > 0 ? { weight: await torchLinear(vars[0]!), bias: { data: Float32Array.from(await vars[1]!.data()), dims: [vars[1]!.shape[0]!] } } : undefined;
  const k = hidden ? 2 : 0;
  const head = { weight: await torchLinear(vars[k]!), bias: { data: Float32Array.from(await vars[k + 1]!.data()), dims: [vars[k + 1]!.shape[0]!] }, hidden };
  const pre = info.modality === 'image' ? readImagePreprocessing(src, info.inputSize) : null;
  const meta = onnxMetadata({ model, preprocessing: pre, maxLength: maxLengthOf(model.encoder.key) });
  const graph = buildOnnxGraph({
    config,
    weights,
    pixelLayout: 'nchw',
    imageSize: pre ? pre.size : undefined,
    head,
    doc: meta.doc,
    metadata: meta.props,
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'model.onnx'), graph.bytes);
  const files = ['model.onnx'];
  if (info.modality === 'text') {
    for (const f of tokenizerFiles) {
      if (existsSync(join(src, f))) {
        copyFileSync(join(src, f), join(outDir, f));
        files.push(f);
      }
    }
  }
  const inputs = graph.inputs.join(', ');
  return { files, notes: [`model.onnx (opset 17): inputs ${inputs}; outputs ${graph.outputs.join(', ')}; ${model.spec.labels.length} labels in its metadata.`] };
}
