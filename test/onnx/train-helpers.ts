import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SafetensorsReader } from '../../electron/core/backbones/safetensors';
import { OnnxWeights } from '../../electron/core/onnx/weights';

/** test/fixtures/onnx-train: a tiny bottleneck ResNet and PyTorch's gradients of its layer4 + head (scripts/onnx/make_train_refs.py). */
export const TRAIN_FIXTURE = join(__dirname, '..', 'fixtures', 'onnx-train');

export interface TrainRefs {
  config: Record<string, unknown>;
  weights: OnnxWeights;
  /** Every tensor of refs.safetensors by name (acts, labels, head.*, loss, logits, grad.*). */
  refs: Map<string, { data: Float32Array; shape: number[] }>;
  labels: number[];
  numClasses: number;
}

export async function loadTrainRefs(): Promise<TrainRefs> {
  const config = JSON.parse(readFileSync(join(TRAIN_FIXTURE, 'config.json'), 'utf8')) as Record<string, unknown>;
  const m = await SafetensorsReader.open(join(TRAIN_FIXTURE, 'model.safetensors'));
  const weights = await OnnxWeights.fromReader(m).finally(() => m.close());
  const r = await SafetensorsReader.open(join(TRAIN_FIXTURE, 'refs.safetensors'));
  const refs = new Map<string, { data: Float32Array; shape: number[] }>();
  try {
    for (const n of r.names()) if (n !== 'labels') refs.set(n, await r.readFloat32(n));
    const labels = Array.from((await r.readFloat32('labels')).data);
    return { config, weights, refs, labels, numClasses: refs.get('head.bias')!.shape[0]! };
  } finally {
    await r.close();
  }
}

/** (1 − ε)·onehot + ε/K: the soft targets of label smoothing ε, as torch's cross_entropy(label_smoothing) uses them. */
export function smoothedTargets(labels: readonly number[], k: number, eps: number): Float32Array {
  const out = new Float32Array(labels.length * k).fill(eps / k);
  labels.forEach((l, i) => (out[i * k + l] = out[i * k + l]! + 1 - eps));
  return out;
}
