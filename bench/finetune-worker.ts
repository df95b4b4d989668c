// One fine-tune measurement in a fresh process (its own wasm heap): ResNet-50's last stage (layer4, the
// family default) trained on cached cut-point activations by the studio's own fit loop (fitSgd), then one
// step under tf.profile, split per kernel and into forward / backward / optimizer.
// Spawned by bench/finetune.ts: args BACKBONE_DIR ACTS.npy LABELS.npy TRAIN VAL BATCH EPOCHS (0: profile only)
// [before]: 'before' puts back tfjs's shipped wasm Conv2DBackpropInput and BatchNorm gradient (the path as it
// was before this fixes), so one bench run prints both. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../electron/core/tf/tf';
import { loadBackbone } from '../electron/core/backbones/load';
import { readNpy } from '../electron/core/backbones/npy';
import { climbLadder } from '../electron/core/training/backend/ladder';
import { defaultRungs } from '../electron/core/training/backend/rungs';
import type { CachedActivation } from '../electron/core/training/engine/feature-cache';
import { createHead } from '../electron/core/training/engine/head';
import { fitSgd } from '../electron/core/training/engine/sgd-fit';
import { profileStep } from './finetune-profile';
import { trainOptionsSchema } from '../shared/api/methods/training';

const [dir, actsPath, labelsPath, trainArg, valArg, batchArg, epochsArg, mode] = process.argv.slice(2) as [string, string, string, string, string, string, string, string | undefined];
const nTrain = Number(trainArg);
const nVal = Number(valArg);
const batch = Number(batchArg);
const epochs = Number(epochsArg);

await import('@tensorflow/tfjs-backend-wasm');
const shippedInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
const shippedBnGrad = tf.getGradient('FusedBatchNorm');
const backend = await climbLadder(defaultRungs(), 'wasm');
if (mode === 'before' && shippedInput) {
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel(shippedInput);
  tf.registerGradient(shippedBnGrad);
}
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const loaded = await loadBackbone(dir);
const bb = loaded.backbone;
const cut = bb.info.numBlocks - bb.info.defaultFinetuneBlocks;
const x = readNpy(actsPath);
const y = readNpy(labelsPath);
const per = x.shape.slice(1);
const size = per.reduce((a, b) => a * b, 1);
const acts: CachedActivation[][] = Array.from({ length: nTrain + nVal }, (_, i) => [{ x: { data: (x.data as Float32Array).subarray(i * size, (i + 1) * size), shape: per } }]);
const labels = Array.from(y.data as Int32Array).slice(0, nTrain + nVal);
const numClasses = Math.max(...labels) + 1;
const idx = (a: number, n: number) => Array.from({ length: n }, (_, i) => a + i);

const ckpt = mkdtempSync(join(tmpdir(), 'studio-bench-ft-'));
const epochSeconds: number[] = [];
// CPU seconds beside wall seconds: wasm runs on one thread, so on a shared machine its CPU time is the stabler figure.
const epochCpuSeconds: number[] = [];
let cpuMark = 0;
try {
  if (epochs === 0) {
    // Profile only (quick look while working on a kernel): a fresh head on the pretrained tail.
    const head = createHead({ inDim: bb.info.featureDim, numClasses, hidden: 0, dropout: 0 }, 1);
    const profile = await profileStep({ backbone: bb, head, vars: [...head.variables, ...bb.trainableVariables(cut)], acts: acts.slice(0, batch).map((a) => a[0]!), labels: labels.slice(0, batch), numClasses, cut });
    head.dispose();
    process.stdout.write(JSON.stringify({ backend: backend.name, cut, numBlocks: bb.info.numBlocks, epochSeconds, profile }) + '\n');
    process.exit(0);
  }
  // minSteps 0: exactly `epochs` epochs; patience 0: none stops early; the batch is the reference's.
  const options = trainOptionsSchema.parse({ epochs, patience: 0, minSteps: 0, batchSize: batch, headSolver: 'sgd', augmentViews: 1 });
  const fit = await fitSgd({
    backbone: bb,
    acts,
    labels,
    numClasses,
    cut,
    probe: false,
    options,
    trainIdx: idx(0, nTrain),
    valIdx: idx(nTrain, nVal),
    backend: backend.name,
    checkpointDir: ckpt,
    resumeFrom: null,
    report: (m) => {
      if (m.type === 'plan') cpuMark = cpuSeconds();
      if (m.type === 'epoch') {
        epochSeconds.push(Number(m.metrics.epochSeconds));
        epochCpuSeconds.push(cpuSeconds() - cpuMark);
      }
      if (m.type === 'epoch' && m.checkpoint) cpuMark = cpuSeconds(); // the checkpoint write is not the epoch's
    },
    gate: async () => {},
  });
  const profile = mode === 'before' ? null : await profileStep({ backbone: bb, head: fit.head, vars: fit.vars, acts: acts.slice(0, batch).map((a) => a[0]!), labels: labels.slice(0, batch), numClasses, cut });
  fit.dispose();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  process.stdout.write(JSON.stringify({ backend: backend.name, cut, numBlocks: bb.info.numBlocks, epochSeconds, medianEpochSeconds: median(epochSeconds), epochCpuSeconds, medianEpochCpuSeconds: median(epochCpuSeconds), profile }) + '\n');
} finally {
  rmSync(ckpt, { recursive: true, force: true });
  bb.dispose();
}
