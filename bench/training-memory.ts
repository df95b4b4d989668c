import * as tf from '../electron/core/tf/tf';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBackbone } from '../electron/core/backbones/load';
import { writeSafetensors, type TensorToWrite } from '../electron/core/backbones/safetensors';
import { openDatabase } from '../electron/core/store/db';
import { climbLadder } from '../electron/core/training/backend/ladder';
import { defaultRungs } from '../electron/core/training/backend/rungs';
import { encoderFor } from '../electron/core/training/data/encoder-for';
import { FeatureCache } from '../electron/core/training/engine/feature-cache';
import { computeFeatures } from '../electron/core/training/engine/features';
import { train } from '../electron/core/training/engine/trainer';
import { readCheckpointMeta } from '../electron/core/training/checkpoint-meta';
import { trainOptionsSchema } from '../shared/api/methods/training';
import { seedImageDataset, tempDir } from '../test/training/helpers/fixture';

/** A randomly initialised torchvision/timm ResNet-50 in hub layout (no pretrained weights here; memory does not care). */
async function writeResnet50(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  let s = 12345;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0), (s + 0.5) / 2 ** 32);
  const normal = (n: number, std: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = std * Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
    return out;
  };
  const t = new Map<string, TensorToWrite>();
  const conv = (name: string, cout: number, cin: number, k: number) => t.set(`${name}.weight`, { shape: [cout, cin, k, k], data: normal(cout * cin * k * k, Math.sqrt(2 / (cout * k * k))) });
  const bn = (name: string, c: number, gamma = 1) => {
    t.set(`${name}.weight`, { shape: [c], data: new Float32Array(c).fill(gamma) });
    t.set(`${name}.bias`, { shape: [c], data: new Float32Array(c) });
    t.set(`${name}.running_mean`, { shape: [c], data: new Float32Array(c) });
    t.set(`${name}.running_var`, { shape: [c], data: new Float32Array(c).fill(1) });
  };
  conv('conv1', 64, 3, 7);
  bn('bn1', 64);
  let inplanes = 64;
  [3, 4, 6, 3].forEach((n, li) => {
    const planes = 64 * 2 ** li;
    for (let b = 0; b < n; b++) {
      const p = `layer${li + 1}.${b}`;
      conv(`${p}.conv1`, planes, inplanes, 1);
      bn(`${p}.bn1`, planes);
      conv(`${p}.conv2`, planes, planes, 3);
      bn(`${p}.bn2`, planes);
      conv(`${p}.conv3`, planes * 4, planes, 1);
      bn(`${p}.bn3`, planes * 4, 0); // zero-init residual: activations stay finite through 16 random blocks
      if (b === 0) {
        conv(`${p}.downsample.0`, planes * 4, inplanes, 1);
        bn(`${p}.downsample.1`, planes * 4);
      }
      inplanes = planes * 4;
    }
  });
  t.set('fc.weight', { shape: [1000, 2048], data: normal(2048 * 1000, 0.01) });
  t.set('fc.bias', { shape: [1000], data: new Float32Array(1000) });
  await writeSafetensors(join(dir, 'model.safetensors'), t);
  const pretrained_cfg = { input_size: [3, 224, 224], interpolation: 'bilinear', crop_pct: 0.875, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ architecture: 'resnet50', num_classes: 1000, num_features: 2048, global_pool: 'avg', pretrained_cfg }));
}

const wasmHeapBytes = (): number => (tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } }).wasm?.HEAPU8.buffer.byteLength ?? NaN;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

/**
 * ResNet-50 at 224 px, finetune of its last stage (layer4, the family default) on wasm with the
 * batch size the engine picks: the wasm heap only grows, so its size after the run is the peak.
 * The issue measured a naive last-block step at batch 8 aborting at 4.2 GB (the ceiling is 4 GB).
 */
export async function benchResnet50Memory(): Promise<void> {
  const dir = tempDir('studio-bench-r50-');
  await writeResnet50(join(dir, 'resnet50'));
  const backend = await climbLadder(defaultRungs(), 'wasm');
  const loaded = await loadBackbone(join(dir, 'resnet50'));
  const bb = loaded.backbone;
  const data = await seedImageDataset(openDatabase(join(dir, 'studio.db')), dir, { perClass: 12, size: 64 });
  process.stdout.write(`resnet50 (random init, 224 px) on ${backend.name}, ${data.items.length} items; wasm heap ${mb(wasmHeapBytes())} after load (ceiling 4096 MB)\n`);
  for (const [label, cut] of [
    [`finetune of the last ${bb.info.defaultFinetuneBlocks} blocks (layer4, the family default)`, bb.info.numBlocks - bb.info.defaultFinetuneBlocks],
    ['full finetune', 0],
  ] as const) {
    const o = trainOptionsSchema.parse({ epochs: cut === 0 ? 1 : 2, patience: 0, augmentViews: 1 });
    const t0 = performance.now();
    const feats = await computeFeatures(data.items, {
      backbone: bb,
      encoder: encoderFor(loaded.preprocessing, o, loaded.weightsHash),
      cache: new FeatureCache(join(dir, 'cache')),
      weightsHash: loaded.weightsHash,
      cut,
      gate: async () => {},
      onProgress: () => {},
    });
    const trunkS = (performance.now() - t0) / 1000;
    const heapTrunk = wasmHeapBytes();
    let batch = 0;
    let steps = 0;
    const ckptDir = join(dir, `ckpt-${cut}`);
    const t1 = performance.now();
    const r = await train({
      backbone: bb,
      items: data.items,
      labelNames: ['a', 'b', 'c'],
      acts: feats.acts,
      numClasses: 3,
      cut,
      probe: false,
      options: o,
      backend: backend.name,
      checkpointDir: ckptDir,
      resumeFrom: null,
      report: (m) => {
        if (m.type === 'plan') batch = m.batchSize;
        if (m.type === 'step') steps++;
      },
      gate: async () => {},
    });
    const stepS = (performance.now() - t1) / 1000 / Math.max(1, steps);
    const act = feats.acts[0]![0]!.x;
    const sb = (readCheckpointMeta(join(ckptDir, 'model.ckpt')).config as { stepBytes?: { perItem: number; fixed: number } }).stepBytes;
    process.stdout.write(
      `  ${label} (cut ${cut}/${bb.info.numBlocks}, cached activation [${act.shape.join('×')}] ${mb(act.data.length * 4)}/item): ` +
        `measured step ${sb ? `${mb(sb.perItem)}/item + ${mb(sb.fixed)}` : 'n/a'} → batch ${batch}; ${stepS.toFixed(1)} s/step; trunk ${trunkS.toFixed(1)} s for ${feats.computed} items; ` +
        `wasm heap ${mb(heapTrunk)} after trunk, peak ${mb(wasmHeapBytes())}; rss ${mb(process.memoryUsage().rss)}; train loss ${r.metrics.trainLoss?.toFixed(3)}\n`,
    );
  }
  bb.dispose();
}
