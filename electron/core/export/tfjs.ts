import * as tf from '../tf/tf';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../../shared/api/errors';
import type { RunModel } from '../predict/run-model';
import { readImagePreprocessing } from '../training/data/preprocessing-summary';
import { exportTemps, resnetLayers } from './resnet-layers';
import { vggLayers } from './vgg-layers';

export const tfjsWeightsFile = 'group1-shard1of1.bin';

/** The families a TF.js LayersModel can be rebuilt for from standard layers (no custom layer to register). */
export const tfjsFamilies = ['resnet', 'vgg'] as const;

/**
 * Writes a TF.js layers-model folder (model.json + one weights shard) that `tf.loadLayersModel` loads with no
 * custom code and that gives the run's logits: input is NHWC pixels already normalised as config says.
 */
export async function exportTfjs(model: RunModel, outDir: string): Promise<{ files: string[]; notes: string[] }> {
  const info = model.backbone.info;
  if (info.family !== 'resnet' && info.family !== 'vgg') {
    throw new StudioError(
      'unavailable',
      `TF.js export rebuilds the model from standard TF.js layers, which is done for ResNet and VGG backbones; ${info.architecture} (${info.family}) is not supported yet. Export safetensors instead.`,
    );
  }
  const pre = readImagePreprocessing(model.spec.backbone.dir, info.inputSize);
  const named = model.backbone.namedWeights();
  const headVars = model.head.variables;
  let lm: tf.LayersModel;
  try {
    const input = tf.input({ shape: [pre.size[0], pre.size[1], 3], name: 'pixels' });
    if (info.family === 'vgg' && pre.size[0] !== pre.size[1]) throw new StudioError('unavailable', 'TF.js export of a VGG needs a square input size.');
    let x = info.family === 'resnet' ? resnetLayers(input, named) : vggLayers(input, named, pre.size[0]);
    let i = 0;
    if (model.head.config.hidden > 0) {
      x = tf.layers.dense({ units: model.head.config.hidden, activation: 'relu', name: 'head.hidden', weights: [headVars[0]!, headVars[1]!] }).apply(x) as tf.SymbolicTensor;
      i = 2;
    }
    const logits = tf.layers.dense({ units: model.spec.labels.length, name: 'head.fc', weights: [headVars[i]!, headVars[i + 1]!] }).apply(x) as tf.SymbolicTensor;
    lm = tf.model({ inputs: input, outputs: logits, name: `run_${model.spec.runId}` });
  } finally {
    tf.dispose([...named.values(), ...exportTemps.splice(0)]);
  }
  const metadata = {
    labels: model.spec.labels,
    output: 'logits (apply softmax for probabilities)',
    input: 'float32 NHWC pixels: RGB/255, resized, then (x - mean) / std',
    preprocessing: pre.spec ?? { inputSize: pre.size, mean: pre.mean, std: pre.std, cropPct: pre.cropPct },
    backbone: { id: model.spec.backbone.id, architecture: info.architecture, family: info.family },
    runId: model.spec.runId,
  };
  lm.setUserDefinedMetadata(metadata);
  mkdirSync(outDir, { recursive: true });
  await lm.save(
    tf.io.withSaveHandler(async (a) => {
      const weightData = a.weightData instanceof ArrayBuffer ? a.weightData : tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer[]);
      writeFileSync(join(outDir, tfjsWeightsFile), Buffer.from(weightData));
      const json = {
        format: 'layers-model',
        generatedBy: a.generatedBy,
        convertedBy: 'Transfer Studio',
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: [tfjsWeightsFile], weights: a.weightSpecs }],
        userDefinedMetadata: metadata,
      };
      writeFileSync(join(outDir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  lm.dispose();
  writeFileSync(join(outDir, 'labels.json'), JSON.stringify(model.spec.labels, null, 2) + '\n');
  return {
    files: ['model.json', tfjsWeightsFile, 'labels.json'],
    notes: [`Input: ${pre.size[0]}×${pre.size[1]} RGB, normalised with mean ${pre.mean.join('/')} and std ${pre.std.join('/')}; output: logits over ${model.spec.labels.length} labels.`],
  };
}
