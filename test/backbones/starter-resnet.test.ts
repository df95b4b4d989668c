import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { loadBackbone } from '../../electron/core/backbones/load';

const dir = 'resources/backbones/starter-resnet';
const ref = JSON.parse(readFileSync('test/fixtures/fmnist/probe-reference.json', 'utf8')) as {
  parity: { files: string[]; features: number[][]; logits: number[][] };
};

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('the bundled starter ResNet (model_args: layers, channels, block)', () => {
  it('loads with its custom widths and depths and matches PyTorch on the same images', async () => {
    const loaded = await loadBackbone(dir);
    const { backbone, preprocessing } = loaded;
    expect(backbone.info).toMatchObject({ family: 'resnet', featureDim: 256, numBlocks: 5, defaultFinetuneBlocks: 1 });
    if (preprocessing.kind !== 'image') throw new Error('expected image preprocessing');
    const [h, w] = preprocessing.spec.inputSize;
    const { mean, std } = preprocessing.spec;
    // The reference resized with F.interpolate(bilinear, align_corners=False), which is
    // tf.image.resizeBilinear with half-pixel centres: same input, so the model must agree to 1e-4.
    const grays = await Promise.all(
      ref.parity.files.map(async (f) => {
        const { data, info } = await sharp(join('test/fixtures/fmnist', f)).greyscale().raw().toBuffer({ resolveWithObject: true });
        return tf.tensor3d(Float32Array.from(data, (v) => v / 255), [info.height, info.width, 1]);
      }),
    );
    const pixels = tf.tidy(() => {
      const x = tf.image.resizeBilinear(tf.stack(grays) as tf.Tensor4D, [h, w], false, true).tile([1, 1, 1, 3]);
      return x.sub(tf.tensor1d(mean)).div(tf.tensor1d(std)) as tf.Tensor4D;
    });
    tf.dispose(grays);
    const feats = backbone.features({ pixels });
    const logits = backbone.pretrainedHead!.logits(feats);
    const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((r, i) => r.map((v, j) => Math.abs(v - b[i]![j]!))));
    expect(maxDiff((await feats.array()) as number[][], ref.parity.features)).toBeLessThanOrEqual(1e-4);
    expect(maxDiff((await logits.array()) as number[][], ref.parity.logits)).toBeLessThanOrEqual(1e-4);
    tf.dispose([pixels, feats, logits]);
    backbone.dispose();
  });
});
