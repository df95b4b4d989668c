import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone, type LoadedBackbone } from '../../electron/core/backbones/load';
import { SafetensorsReader } from '../../electron/core/backbones/safetensors';
import { registerWasmTrainingKernels } from '../../electron/core/training/backend/wasm-kernels/register';
import { readNpy } from '../helpers/npy';
import { ensureRefs, torchUnavailable } from './cnn-refs';
import { maxAbsDiff, nchwToNhwc } from './helpers';

const skipReason = torchUnavailable();
if (skipReason) console.warn(`CNN parity tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('ResNet / VGG parity with torchvision (≤ 1e-4)', () => {
  let refs = '';
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmTrainingKernels(); // conv filter gradients for the fine-tuning check
    refs = ensureRefs('refs', 'cnn-refs');
  }, 180_000);

  /** Loads a case, compares features at each input size, returns the backbone for more checks. */
  async function check(name: string, sizes: number[], keep = false): Promise<LoadedBackbone | null> {
    const dir = join(refs, name);
    const t0 = Date.now();
    const loaded = await loadBackbone(dir);
    const loadMs = Date.now() - t0;
    for (const s of sizes) {
      const pixels = nchwToNhwc(readNpy(join(dir, `input_${s}.npy`)));
      const t1 = Date.now();
      const f = loaded.backbone.features({ pixels });
      const got = f.dataSync();
      const d = maxAbsDiff(got, readNpy(join(dir, `features_${s}.npy`)).data as Float32Array);
      console.log(`${name} @${s}px: features [${f.shape.join(', ')}] max abs diff ${d.toExponential(2)} (load ${loadMs} ms, forward ${Date.now() - t1} ms)`);
      expect(d).toBeLessThanOrEqual(1e-4);
      tf.dispose([pixels, f]);
    }
    if (keep) return loaded;
    loaded.backbone.dispose();
    return null;
  }

  let resnet18: LoadedBackbone | null = null;
  afterAll(() => resnet18?.backbone.dispose());

  it('resnet50 (bottleneck, 64 px, batch 2)', async () => {
    const before = tf.memory().numTensors;
    await check('resnet50', [64]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resnet18 (basic blocks) and its block structure', async () => {
    resnet18 = await check('resnet18', [64], true);
    expect(resnet18!.backbone.info).toMatchObject({ family: 'resnet', architecture: 'resnet18', featureDim: 512, numBlocks: 9, defaultFinetuneBlocks: 2 });
    expect(resnet18!.preprocessing.kind).toBe('image');
  });

  it('resnet18: features = tail(trunk(x, cut), cut) at every cut; trainables shrink with the cut; no tensor leaks', async () => {
    const bb = resnet18!.backbone;
    const pixels = nchwToNhwc(readNpy(join(refs, 'resnet18', 'input_64.npy')));
    const ref = bb.features({ pixels });
    const before = tf.memory().numTensors;
    for (const cut of [0, 1, 5, 8, 9]) {
      const act = bb.trunk({ pixels }, cut);
      const f = bb.tail(act, cut);
      expect(maxAbsDiff(f.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
      tf.dispose([act.x, f]);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(bb.trainableVariables(9)).toEqual([]);
    expect(bb.trainableVariables(7).length).toBe(2 * 3 * 2 + 3); // two basic blocks (2 conv + 2 BN affine each) + downsample conv/BN
    expect(bb.trainableVariables(0).length).toBeGreaterThan(bb.trainableVariables(7).length);
    // Running statistics are never trainable.
    expect(bb.trainableVariables(0).every((v) => v.trainable)).toBe(true);
    // Fine-tuning the last block: gradients reach its convs and BatchNorm affine params.
    const act = bb.trunk({ pixels }, 8);
    const vars = bb.trainableVariables(8);
    const { value, grads } = tf.variableGrads(() => tf.sum(bb.tail(act, 8, { training: true })) as tf.Scalar, vars);
    for (const v of vars) expect(tf.sum(tf.abs(grads[v.name])).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([value, act.x, ...Object.values(grads)]);
    tf.dispose([pixels, ref]);
  });

  it('resnet18: namedWeights gives back every checkpoint tensor, in PyTorch layout', async () => {
    const dir = join(refs, 'resnet18');
    const named = resnet18!.backbone.namedWeights();
    const reader = await SafetensorsReader.open(join(dir, 'model.safetensors'));
    try {
      expect([...named.keys()].sort()).toEqual(reader.names().sort());
      for (const name of ['conv1.weight', 'layer2.0.downsample.0.weight', 'fc.weight', 'layer4.1.bn2.running_var']) {
        const t = await reader.readFloat32(name);
        expect(named.get(name)!.shape).toEqual(t.shape);
        expect(maxAbsDiff(named.get(name)!.dataSync(), t.data)).toBe(0);
      }
      const counter = named.get('bn1.num_batches_tracked')!;
      expect(counter.dtype).toBe('int32');
      expect(counter.dataSync()[0]).toBe(12345);
    } finally {
      await reader.close();
      tf.dispose([...named.values()]);
    }
  });

  it('vgg16, torchvision naming: 224 px (7×7 map) and 96 px (3×3 map adaptively pooled to 7×7)', async () => {
    const loaded = await check('vgg16', [224, 96], true);
    expect(loaded!.backbone.info).toMatchObject({ family: 'vgg', featureDim: 4096, numBlocks: 7, headNames: { weight: 'classifier.6.weight' } });
    const w = loaded!.backbone.namedWeights();
    expect(w.get('classifier.0.weight')!.shape).toEqual([4096, 25088]);
    tf.dispose([...w.values()]);
    loaded!.backbone.dispose();
  });

  it('vgg16, timm naming (pre_logits.fc1 as a 7×7 conv, head.fc), 96 px: the trunk is shared, the classifier loads differently', async () => {
    const loaded = await check('vgg16_timm', [96], true);
    expect(loaded!.backbone.info.headNames).toEqual({ weight: 'head.fc.weight', bias: 'head.fc.bias' });
    expect(loaded!.backbone.pretrainedHead?.numClasses).toBe(1000);
    loaded!.backbone.dispose();
  });
});
