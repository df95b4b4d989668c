import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../electron/core/backbones/load';
import { readSafetensors, writeSafetensors } from '../../electron/core/backbones/safetensors';

const fixtures = join(__dirname, '..', 'fixtures', 'parity');
let tmp = '';
beforeAll(async () => {
  await tf.setBackend('wasm');
  tmp = await mkdtemp(join(tmpdir(), 'load-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function variant(name: string, src: string, edit: (cfg: Record<string, unknown>) => void): Promise<string> {
  const dir = join(tmp, name);
  await cp(join(fixtures, src), dir, { recursive: true });
  const cfg = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
  edit(cfg);
  await writeFile(join(dir, 'config.json'), JSON.stringify(cfg));
  return dir;
}

describe('loadBackbone', () => {
  it('returns the backbone with its config, preprocessing, sha256 and size', async () => {
    const dir = join(fixtures, 'timm-vit');
    const bytes = await readFile(join(dir, 'model.safetensors'));
    const loaded = await loadBackbone(dir);
    expect(loaded.weightsHash).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(loaded.sizeBytes).toBe(bytes.length);
    expect(loaded.loader).toBe('timm-vit');
    expect(loaded.config.architecture).toBe('vit_base_patch16_224');
    expect(loaded.preprocessing.kind === 'image' && loaded.preprocessing.spec.inputSize).toEqual([32, 32]);
    expect(loaded.backbone.info).toMatchObject({ numBlocks: 3, defaultFinetuneBlocks: 2, headNames: { weight: 'head.weight' } });
    loaded.backbone.dispose();
  });

  it('names what is supported when the architecture is not', async () => {
    const dir = await variant('effnet', 'timm-vit', (c) => (c.architecture = 'efficientnet_b0'));
    await expect(loadBackbone(dir)).rejects.toThrow(/timm architecture 'efficientnet_b0', which is not supported\. Supported: .*resnet18\/resnet34.*vgg16_bn.*transformers model_type vit/);
    const hf = await variant('swin', 'hf-vit', (c) => (c.model_type = 'swin'));
    await expect(loadBackbone(hf)).rejects.toThrow(/transformers model_type 'swin', which is not supported/);
  });

  it('refuses a folder without config.json, and configs that contradict the weights, freeing what it built', async () => {
    await expect(loadBackbone(join(tmp, 'nowhere'))).rejects.toThrow(/is not a folder/);
    const empty = join(tmp, 'empty');
    await cp(join(fixtures, 'timm-vit', 'input.npy'), join(empty, 'input.npy'));
    await expect(loadBackbone(empty)).rejects.toThrow(/has no config.json/);
    const before = tf.memory().numTensors;
    const deeper = await variant('deep', 'timm-vit', (c) => ((c.model_args as Record<string, unknown>).depth = 3));
    await expect(loadBackbone(deeper)).rejects.toThrow(/missing tensor 'blocks.2.norm1.weight'/);
    const shallower = await variant('shallow', 'timm-vit', (c) => ((c.model_args as Record<string, unknown>).depth = 1));
    await expect(loadBackbone(shallower)).rejects.toThrow(/more than the configured 1 blocks/);
    const img = await variant('img', 'timm-vit', (c) => ((c.model_args as Record<string, unknown>).img_size = 64));
    await expect(loadBackbone(img)).rejects.toThrow(/position embeddings hold 17 tokens but 64px images in 8px patches give 65/);
    const pool = await variant('pool', 'timm-vit', (c) => ((c.model_args as Record<string, unknown>).global_pool = 'avg'));
    await expect(loadBackbone(pool)).rejects.toThrow(/global_pool="avg" is not supported/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses checkpoints with tensors it would silently ignore (an unsupported variant)', async () => {
    const dir = join(tmp, 'extra');
    await cp(join(fixtures, 'timm-vit'), dir, { recursive: true });
    const { tensors } = await readSafetensors(join(dir, 'model.safetensors'));
    tensors.set('blocks.0.ls1.gamma', { name: 'blocks.0.ls1.gamma', dtype: 'float32', shape: [64], data: new Float32Array(64) });
    await writeSafetensors(join(dir, 'model.safetensors'), tensors);
    await expect(loadBackbone(dir)).rejects.toThrow(/1 tensor\(s\) a vit_base_patch16_224 \(timm naming\) does not have \('blocks.0.ls1.gamma'\)/);
  });

  it('image backbones refuse inputs of the wrong size with a specific error', async () => {
    const { backbone } = await loadBackbone(join(fixtures, 'hf-vit'));
    const x = tf.zeros([1, 64, 64, 3]) as tf.Tensor4D;
    expect(() => backbone.features({ pixels: x })).toThrow(/takes 32×32 images, got 64×64/);
    expect(() => backbone.trunk({ pixels: x }, 7)).toThrow(/cut must be an integer in \[0, 3\]/);
    x.dispose();
    backbone.dispose();
  });
});
