import * as tf from '../../../electron/core/tf/tf';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../../electron/core/core';
import { encodeNpy } from '../../../electron/core/backbones/npy';
import { runModelSpec } from '../../../electron/core/predict/spec';
import { loadBackbone } from '../../../electron/core/backbones/load';
import { runsRepo } from '../../../electron/core/store/repos/runs';
import { artifactsRepo } from '../../../electron/core/store/repos/artifacts';
import { saveCheckpoint } from '../../../electron/core/training/engine/checkpoint';
import { imageEncoder, readImagePreprocessing } from '../../../electron/core/training/data/image-encoder';
import type { PlanItem } from '../../../electron/core/training/data/types';
import type { TrainMode } from '../../../shared/domain/run';

const python = '/usr/bin/python3';

/** Why the PyTorch checks cannot run here (no python3, or no torch/torchvision/numpy), or null. */
export const torchSkipReason: string | null = (() => {
  if (!existsSync(python)) return `${python} is not installed`;
  const r = spawnSync(python, ['-c', 'import torch, torchvision, numpy'], { encoding: 'utf8' });
  return r.status === 0 ? null : `python3 has no torch/torchvision/numpy (${(r.stderr || '').trim().split('\n').pop()})`;
})();

/**
 * A completed run made by hand (no training, so export tests are fast and independent of the trainer):
 * `tensors` saved in the trainer's checkpoint format as the run's model. Returns its id and the app's
 * logits for `items` (the model process, as Predict and Evaluate use it).
 */
export async function manualRun(
  core: Core,
  opts: { dir: string; backboneId: string; mode: TrainMode; config: Record<string, unknown>; tensors: Map<string, tf.Tensor>; labels: string[]; datasetId?: number | null; snapshotId?: number | null; metrics?: { valAccuracy: number; testAccuracy: number }; items: PlanItem[] },
): Promise<{ runId: number; appLogits: number[][] }> {
  const modelPath = join(opts.dir, 'model.ckpt');
  await saveCheckpoint(modelPath, { epoch: 1, step: 1, optimizerStep: 1, bestValLoss: 1, bestEpoch: 1, epochsWithoutImprovement: 0, config: { names: [], ...opts.config } }, opts.tensors);
  tf.dispose([...opts.tensors.values()]);
  const runs = runsRepo(core.ctx.db);
  const runId = runs.create({ datasetId: opts.datasetId ?? null, snapshotId: opts.snapshotId ?? null, backboneId: opts.backboneId, mode: opts.mode, params: { labels: opts.labels } }).id;
  runs.setStatus(runId, 'completed', { backend: 'wasm' });
  if (opts.metrics) runs.setMetrics(runId, opts.metrics);
  artifactsRepo(core.ctx.db).add({ runId, kind: 'model', path: modelPath, bytes: 0, sha256: null });
  const host = core.ctx.services.models;
  return { runId, appLogits: (await host.logits(runModelSpec(core.ctx, runId, host).spec, opts.items, null)).logits };
}

/** The pixels the app feeds the model (view 0: no augmentation), NHWC. */
export async function appPixels(backboneDir: string, items: PlanItem[]): Promise<tf.Tensor4D> {
  const input = (await imageEncoder(readImagePreprocessing(backboneDir), 1).encode(items, 0)) as { pixels: tf.Tensor4D };
  return input.pixels;
}

/** Logits of a TF.js export folder, loaded exactly as tf.loadLayersModel('file://…/model.json') reads it. */
export async function tfjsExportLogits(out: string, pixels: tf.Tensor4D): Promise<number[][]> {
  const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
  const model = await tf.loadLayersModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0]!.weights,
      weightData: new Uint8Array(readFileSync(join(out, json.weightsManifest[0]!.paths[0]!))).buffer,
    }),
  });
  const y = model.predict(pixels) as tf.Tensor2D;
  const got = y.arraySync();
  y.dispose();
  model.dispose();
  return got;
}

export interface TorchReport {
  ok: boolean;
  max_abs_diff: number;
  same_classes: boolean;
  classes: string[];
}

/**
 * PyTorch's side, independent of tfjs: scripts/export/check_torch_load.py loads the safetensors export strictly
 * and runs it on the same pixels (NCHW), comparing with the app's logits.
 */
export async function torchCheck(scratch: string, out: string, pixels: tf.Tensor4D, appLogits: number[][]): Promise<TorchReport> {
  const nchw = tf.transpose(pixels, [0, 3, 1, 2]);
  const x = join(scratch, 'torch-x.npy');
  const l = join(scratch, 'torch-l.npy');
  writeFileSync(x, encodeNpy({ shape: nchw.shape, dtype: 'float32', data: (await nchw.data()) as Float32Array }));
  writeFileSync(l, encodeNpy({ shape: [appLogits.length, appLogits[0]!.length], dtype: 'float32', data: Float32Array.from(appLogits.flat()) }));
  nchw.dispose();
  return JSON.parse(execFileSync(python, [join('scripts', 'export', 'check_torch_load.py'), '--export', out, '--pixels', x, '--logits', l, '--json'], { encoding: 'utf8' })) as TorchReport;
}

/** Largest |a − b| over two logit matrices of the same non-empty shape (a shape mismatch throws: it is no match). */
export function maxAbsDiff(a: number[][], b: number[][]): number {
  if (a.length === 0 || a.length !== b.length || a.some((row, i) => row.length !== b[i]!.length)) throw new Error(`logits of different shapes: ${a.length}×${a[0]?.length} vs ${b.length}×${b[0]?.length}`);
  return Math.max(...a.flatMap((row, i) => row.map((v, k) => Math.abs(v - b[i]![k]!))));
}

export const argmax = (rows: number[][]): number[] => rows.map((r) => r.indexOf(Math.max(...r)));

/** The JSON header of a .safetensors file: tensor name → dtype and shape. */
export function safetensorsHeader(path: string): Record<string, { shape: number[]; dtype: string }> {
  const buf = readFileSync(path);
  return JSON.parse(buf.subarray(8, 8 + Number(buf.readBigUInt64LE(0))).toString()) as Record<string, { shape: number[]; dtype: string }>;
}

/** A finetune of the starter-like backbone's last stage as the trainer would save it: layer4 perturbed (seeded), a seeded head. */
export async function perturbedLastStage(backboneDir: string, numLabels: number): Promise<{ cut: number; tensors: Map<string, tf.Tensor> }> {
  const { backbone } = await loadBackbone(backboneDir);
  const cut = backbone.info.numBlocks - 1;
  const tensors = new Map<string, tf.Tensor>();
  backbone.trainableVariables(cut).forEach((v, i) => tensors.set(`tail.${i}`, tf.tidy(() => v.add(tf.randomNormal(v.shape, 0, 0.01, 'float32', i + 1)))));
  tensors.set('head.fc.weight', tf.randomNormal([backbone.info.featureDim, numLabels], 0, 0.1, 'float32', 9));
  tensors.set('head.fc.bias', tf.zeros([numLabels]));
  backbone.dispose();
  return { cut, tensors };
}
