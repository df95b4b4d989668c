// The fine-tune epoch of bench/finetune.ts on the ONNX Runtime training graph (onnx/train/resnet-tail.ts:
// forward + backward of ResNet-50's layer4 and the head in ORT, AdamW on the host), in a fresh process.
// Args: BACKBONE_DIR ACTS.npy LABELS.npy TRAIN VAL BATCH EPOCHS THREADS. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy } from '../electron/core/backbones/npy';
import { SafetensorsReader } from '../electron/core/backbones/safetensors';
import { buildResnetTailTrainingGraph } from '../electron/core/onnx/train/resnet-tail';
import { OrtTailTrainer } from '../electron/core/onnx/train/trainer';
import { OnnxWeights } from '../electron/core/onnx/weights';
import { resolveSpec, type ResnetArgs } from '../electron/core/backbones/image/resnet-spec';

const [dir, actsPath, labelsPath, trainArg, valArg, batchArg, epochsArg, threadsArg] = process.argv.slice(2) as [string, string, string, string, string, string, string, string];
const [nTrain, nVal, batch, epochs, threads] = [trainArg, valArg, batchArg, epochsArg, threadsArg].map(Number) as [number, number, number, number, number];

const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
const reader = await SafetensorsReader.open(join(dir, 'model.safetensors'));
const weights = await OnnxWeights.fromReader(reader).finally(() => reader.close());
const spec = resolveSpec(String(config.architecture), (config.model_args ?? {}) as ResnetArgs);
const numBlocks = 1 + spec.layers.reduce((a, b) => a + b, 0);
const cut = numBlocks - spec.layers[3]!; // the family default: the last stage
const x = readNpy(actsPath);
const labels = Array.from(readNpy(labelsPath).data as Int32Array);
const k = Math.max(...labels) + 1;
const [h, w, c] = x.shape.slice(1) as [number, number, number];
const per = h * w * c;
const t0 = performance.now();
const graph = buildResnetTailTrainingGraph({ config, weights, cut, actShape: [h, w, c], numClasses: k });
const buildMs = performance.now() - t0;
let seed = 1;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0), seed / 2 ** 32 - 0.5);
const trainer = await OrtTailTrainer.create(
  graph,
  (name) => (name.startsWith('head.') ? Float32Array.from({ length: name.endsWith('weight') ? graph.featureDim * k : k }, () => (name.endsWith('weight') ? rand() * 0.05 : 0)) : weights.get(name).data),
  { weightDecay: 0.01, lrScale: (n) => (n.startsWith('head.') ? 1 : 0.1) },
  threads,
);
const batchOf = (idx: number[]) => {
  const acts = new Float32Array(idx.length * per);
  idx.forEach((i, j) => acts.set((x.data as Float32Array).subarray(i * per, (i + 1) * per), j * per));
  const target = new Float32Array(idx.length * k).fill(0.1 / k);
  idx.forEach((i, j) => (target[j * k + labels[i]!] = target[j * k + labels[i]!]! + 0.9));
  return { acts, target, weight: new Float32Array(idx.length).fill(1 / idx.length), shape: [idx.length, h, w, c] };
};
const epochSeconds: number[] = [];
const epochCpuSeconds: number[] = [];
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
let lastLoss = NaN;
for (let e = 0; e < epochs; e++) {
  const start = performance.now();
  const cpu0 = cpuSeconds();
  const order = Array.from({ length: nTrain }, (_, i) => i).sort(() => rand());
  for (let s = 0; s < nTrain; s += batch) {
    const b = batchOf(order.slice(s, s + batch));
    lastLoss = (await trainer.train(b.acts, b.shape, b.target, b.weight, 3e-4)).loss;
  }
  for (let s = nTrain; s < nTrain + nVal; s += batch) {
    const b = batchOf(Array.from({ length: Math.min(batch, nTrain + nVal - s) }, (_, i) => s + i));
    await trainer.gradients(b.acts, b.shape, b.target, b.weight);
  }
  epochSeconds.push((performance.now() - start) / 1000);
  epochCpuSeconds.push(cpuSeconds() - cpu0);
}
await trainer.release();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
process.stdout.write(JSON.stringify({ label: trainer.choice.label, threads, buildMs, epochSeconds, medianEpochSeconds: median(epochSeconds), medianEpochCpuSeconds: median(epochCpuSeconds), lastLoss }) + '\n');
