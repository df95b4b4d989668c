import { describe, it, expect, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { configureModelHost, modelHostFor } from '../../electron/core/predict/host';
import { runModelSpec } from '../../electron/core/predict/spec';
import { runsRepo } from '../../electron/core/store/repos/runs';
import { artifactsRepo } from '../../electron/core/store/repos/artifacts';
import { loadBackbone } from '../../electron/core/backbones/load';
import { saveCheckpoint } from '../../electron/core/training/engine/checkpoint';
import { imageEncoder, readImagePreprocessing } from '../../electron/core/training/data/image-encoder';
import { encodeNpy } from '../../electron/core/backbones/npy';
import { packageRoot } from '../../electron/core/version';
import { tempDir } from '../training/helpers/fixture';
import type { PlanItem } from '../../electron/core/training/data/types';

const starter = join(packageRoot(), 'resources', 'backbones', 'starter-resnet');
const demo = join(packageRoot(), 'resources', 'demo');

/** Why this file cannot run here, or null: it needs the shipped starter to load. */
const skipReason = await (async () => {
  if (!existsSync(join(starter, 'model.safetensors')) || !existsSync(demo)) return 'the build has no starter backbone / demo yet';
  try {
    (await loadBackbone(starter)).backbone.dispose();
    return null;
  } catch (err) {
    return `the starter backbone does not load yet (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
})();
const torchOk = existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy']).status === 0;

let core: Core | undefined;
afterAll(async () => {
  await core?.close();
});

describe.skipIf(skipReason !== null)(`export of a finetuned run on the shipped starter backbone${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('tfjs and strict-PyTorch safetensors exports give the app’s classes with logits within 1e-4', async () => {
    const dir = tempDir('studio-export-starter-');
    core = openCore({ dataDir: dir });
    configureModelHost(core.ctx, { env: { STUDIO_BACKEND: 'wasm' } });
    const out = await core.service.call('backbones.addLocal', { path: starter }, { transport: 'websocket' });
    if (!out.ok) throw new Error(out.error.message);
    const backboneId = (out.result as { id: string }).id;
    const labels = readdirSync(demo, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const items: PlanItem[] = labels.flatMap((l, k) =>
      readdirSync(join(demo, l)).slice(0, 2).map((f, i) => ({ itemId: k * 10 + i, contentHash: `${l}-${f}`, label: k, subset: 'test' as const, path: join(demo, l, f) })),
    );
    // A finetune of the last stage: perturbed layer4 and a seeded head, in the trainer's checkpoint format.
    const { backbone } = await loadBackbone(starter);
    const cut = backbone.info.numBlocks - 1;
    const tensors = new Map<string, tf.Tensor>();
    backbone.trainableVariables(cut).forEach((v, i) => tensors.set(`tail.${i}`, tf.tidy(() => v.add(tf.randomNormal(v.shape, 0, 0.01, 'float32', i + 1)))));
    tensors.set('head.fc.weight', tf.randomNormal([backbone.info.featureDim, labels.length], 0, 0.1, 'float32', 9));
    tensors.set('head.fc.bias', tf.zeros([labels.length]));
    backbone.dispose();
    const modelPath = join(dir, 'model.ckpt');
    await saveCheckpoint(modelPath, { epoch: 1, step: 1, optimizerStep: 1, bestValLoss: 1, bestEpoch: 1, epochsWithoutImprovement: 0, config: { mode: 'tail', cut, names: [] } }, tensors);
    tf.dispose([...tensors.values()]);
    const runs = runsRepo(core.ctx.db);
    const runId = runs.create({ datasetId: null, snapshotId: null, backboneId, mode: 'finetune', params: { labels } }).id;
    runs.setStatus(runId, 'completed');
    artifactsRepo(core.ctx.db).add({ runId, kind: 'model', path: modelPath, bytes: 0, sha256: null });
    const host = modelHostFor(core.ctx);
    const app = (await host.logits(runModelSpec(core.ctx, runId, host).spec, items, null)).logits;

    const tfjsDir = join(dir, 'tfjs');
    expect((await core.service.call('export.run', { runId, format: 'tfjs', outDir: tfjsDir }, { transport: 'websocket' })).ok).toBe(true);
    const json = JSON.parse(readFileSync(join(tfjsDir, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
    const model = await tf.loadLayersModel({
      load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: new Uint8Array(readFileSync(join(tfjsDir, json.weightsManifest[0]!.paths[0]!))).buffer }),
    });
    const { pixels } = (await imageEncoder(readImagePreprocessing(starter), 1).encode(items, 0)) as { pixels: tf.Tensor4D };
    const y = model.predict(pixels) as tf.Tensor2D;
    const got = y.arraySync();
    let diff = 0;
    got.forEach((r, i) => r.forEach((v, k) => (diff = Math.max(diff, Math.abs(v - app[i]![k]!)))));
    console.info(`starter tfjs export: max |Δlogit| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);

    if (torchOk) {
      const stDir = join(dir, 'st');
      expect((await core.service.call('export.run', { runId, format: 'safetensors', outDir: stDir }, { transport: 'websocket' })).ok).toBe(true);
      const nchw = tf.transpose(pixels, [0, 3, 1, 2]);
      writeFileSync(join(dir, 'x.npy'), encodeNpy({ shape: nchw.shape, dtype: 'float32', data: (await nchw.data()) as Float32Array }));
      writeFileSync(join(dir, 'l.npy'), encodeNpy({ shape: [app.length, labels.length], dtype: 'float32', data: Float32Array.from(app.flat()) }));
      nchw.dispose();
      const rep = JSON.parse(execFileSync('/usr/bin/python3', [join('scripts', 'export', 'check_torch_load.py'), '--export', stDir, '--pixels', join(dir, 'x.npy'), '--logits', join(dir, 'l.npy'), '--json'], { encoding: 'utf8' })) as { max_abs_diff: number; same_classes: boolean };
      console.info(`starter PyTorch export: max |Δlogit| = ${rep.max_abs_diff.toExponential(2)}`);
      expect(rep.same_classes).toBe(true);
      expect(rep.max_abs_diff).toBeLessThan(1e-4);
    }
    tf.dispose([pixels, y]);
    model.dispose();
  }, 120_000);
});
