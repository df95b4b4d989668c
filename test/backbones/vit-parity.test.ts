import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../electron/core/backbones/load';
import { readSafetensors, writeSafetensors, type TensorToWrite } from '../../electron/core/backbones/safetensors';
import { readNpy } from '../helpers/npy';
import { maxAbsDiff, nchwToNhwc } from './helpers';

const fixtures = join(__dirname, '..', 'fixtures', 'parity');

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

async function features(dir: string, inputNpy: string) {
  const { backbone } = await loadBackbone(dir);
  const input = readNpy(inputNpy);
  const pixels = nchwToNhwc(input);
  const f = backbone.features({ pixels });
  return { backbone, pixels, f };
}

describe('ViT parity with PyTorch (≤ 1e-4)', () => {
  it('timm naming: features = CLS after the final LayerNorm; logits with the pretrained head', async () => {
    const dir = join(fixtures, 'timm-vit');
    const before = tf.memory().numTensors;
    const { backbone, pixels, f } = await features(dir, join(dir, 'input.npy'));
    expect(backbone.info).toMatchObject({ family: 'vit', featureDim: 64, numBlocks: 3, inputSize: [32, 32] });
    const ref = readNpy(join(dir, 'features.npy'));
    const d = maxAbsDiff(f.dataSync(), ref.data as Float32Array);
    console.log(`timm-vit features max abs diff ${d.toExponential(2)}`);
    expect(d).toBeLessThanOrEqual(1e-4);
    const logits = backbone.pretrainedHead!.logits(f);
    const refLogits = readNpy(join(dir, 'logits.npy'));
    const dl = maxAbsDiff(logits.dataSync(), refLogits.data as Float32Array);
    console.log(`timm-vit logits max abs diff ${dl.toExponential(2)}`);
    expect(dl).toBeLessThanOrEqual(1e-4);
    tf.dispose([pixels, f, logits]);
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('transformers ViTModel naming: features = last_hidden_state[:, 0]', async () => {
    const dir = join(fixtures, 'hf-vit');
    const { backbone, pixels, f } = await features(dir, join(dir, 'input.npy'));
    const d = maxAbsDiff(f.dataSync(), (readNpy(join(dir, 'features.npy'))).data as Float32Array);
    console.log(`hf-vit features max abs diff ${d.toExponential(2)}`);
    expect(d).toBeLessThanOrEqual(1e-4);
    expect(backbone.pretrainedHead).toBeUndefined();
    tf.dispose([pixels, f]);
    backbone.dispose();
  });

  it('transformers ViTForImageClassification naming (vit. prefix + classifier) gives the same features', async () => {
    const src = join(fixtures, 'hf-vit');
    const dir = await mkdtemp(join(tmpdir(), 'vitcls-'));
    try {
      const { tensors } = await readSafetensors(join(src, 'model.safetensors'));
      const out = new Map<string, TensorToWrite>();
      for (const [name, t] of tensors) if (!name.startsWith('pooler.')) out.set(`vit.${name}`, t);
      out.set('classifier.weight', { shape: [5, 64], data: Float32Array.from({ length: 320 }, (_, i) => Math.sin(i)) });
      out.set('classifier.bias', { shape: [5], data: new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5]) });
      await writeSafetensors(join(dir, 'model.safetensors'), out);
      await copyFile(join(src, 'preprocessor_config.json'), join(dir, 'preprocessor_config.json'));
      const cfg = { ...JSON.parse(await readFile(join(src, 'config.json'), 'utf8')), architectures: ['ViTForImageClassification'] };
      await writeFile(join(dir, 'config.json'), JSON.stringify(cfg));
      const { backbone, pixels, f } = await features(dir, join(src, 'input.npy'));
      const d = maxAbsDiff(f.dataSync(), (readNpy(join(src, 'features.npy'))).data as Float32Array);
      expect(d).toBeLessThanOrEqual(1e-4);
      expect(backbone.pretrainedHead?.numClasses).toBe(5);
      const names = [...backbone.namedWeights().keys()];
      expect(names).toContain('vit.encoder.layer.1.attention.attention.query.weight');
      expect(names).toContain('classifier.weight');
      tf.dispose([pixels, f]);
      backbone.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the tail is differentiable w.r.t. trainableVariables(cut) (erf GELU, LayerNorm, attention on wasm)', async () => {
    const dir = join(fixtures, 'timm-vit');
    const { backbone } = await loadBackbone(dir);
    const pixels = nchwToNhwc(readNpy(join(dir, 'input.npy')));
    const act = backbone.trunk({ pixels }, 1);
    const vars = backbone.trainableVariables(1);
    expect(vars.length).toBe(2 * 12 + 2); // both blocks (intermediates freed between them) + the final LayerNorm
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(backbone.tail(act, 1, { training: true }))) as tf.Scalar, vars);
    for (const v of vars) {
      const g = grads[v.name];
      expect(g.shape).toEqual(v.shape);
      expect(Number.isFinite(tf.sum(tf.abs(g)).dataSync()[0])).toBe(true);
    }
    for (const v of vars) expect(tf.sum(tf.abs(grads[v.name])).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([value, pixels, act.x, ...Object.values(grads)]);
    backbone.dispose();
  });
});
