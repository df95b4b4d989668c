import * as tf from '../../../electron/core/tf/tf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Activation, Backbone, BackboneInfo, BackboneInput } from '../../../electron/core/backbones/types';
import type { TrainingBackbone } from '../../../electron/core/training/backbone-loader';
import { folderImagePreprocessing } from '../../../electron/core/training/data/image-preprocessing';

/**
 * Tiny ResNet- and ViT-shaped backbones implementing the Backbone contract, for training tests
 * that must run in seconds. Weights are seeded; `loadBackbone(dir)` reads `{tiny, seed}` from config.json.
 */
interface Stage {
  vars: tf.Variable[];
  run(x: tf.Tensor): tf.Tensor;
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return (shape: number[], scale: number): tf.Variable => {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      s = (s * 1664525 + 1013904223) >>> 0;
      v[i] = (s / 2 ** 32 - 0.5) * 2 * scale;
    }
    return tf.variable(tf.tensor(v, shape));
  };
}

function build(info: BackboneInfo, stages: Stage[], headVars: tf.Variable[], head: (x: tf.Tensor) => tf.Tensor2D): Backbone {
  const n = stages.length;
  const run = (x: tf.Tensor, from: number, to: number) => {
    let y = x;
    for (let i = from; i < to; i++) y = stages[i]!.run(y);
    return y;
  };
  const pixels = (i: BackboneInput) => {
    if (!('pixels' in i)) throw new Error('image backbone');
    return i.pixels;
  };
  return {
    info,
    trunk: (input, cut): Activation => tf.tidy(() => ({ x: cut === 0 ? tf.clone(pixels(input)) : run(pixels(input), 0, cut) })),
    tail: (act, cut) => tf.tidy(() => head(run(act.x, cut, n))),
    features: (input) => tf.tidy(() => head(run(pixels(input), 0, n))),
    trainableVariables: (cut) => (cut === n ? [] : [...stages.slice(cut).flatMap((s) => s.vars), ...headVars]),
    namedWeights: () => new Map(),
    dispose: () => tf.dispose([...stages.flatMap((s) => s.vars), ...headVars]),
  };
}

export function tinyResnet(seed: number, width = 8): Backbone {
  const w = seeded(seed);
  const conv = (ci: number, co: number, k = 3) => w([k, k, ci, co], Math.sqrt(2 / (k * k * ci)));
  const stem = [conv(3, width), w([width], 0.1)];
  const b1 = [conv(width, width), conv(width, width), w([width], 0.1)];
  const b2 = [conv(width, 2 * width), conv(2 * width, 2 * width), conv(width, 2 * width, 1), w([2 * width], 0.1)];
  const stages: Stage[] = [
    { vars: stem, run: (x) => tf.relu(tf.conv2d(x as tf.Tensor4D, stem[0] as tf.Tensor4D, 1, 'same').add(stem[1]!)) },
    {
      vars: b1,
      run: (x) => tf.relu(tf.conv2d(tf.relu(tf.conv2d(x as tf.Tensor4D, b1[0] as tf.Tensor4D, 1, 'same')), b1[1] as tf.Tensor4D, 1, 'same').add(b1[2]!).add(x)),
    },
    {
      vars: b2,
      run: (x) => {
        const y = tf.conv2d(tf.relu(tf.conv2d(x as tf.Tensor4D, b2[0] as tf.Tensor4D, 2, 'same')), b2[1] as tf.Tensor4D, 1, 'same');
        return tf.relu(y.add(b2[3]!).add(tf.conv2d(x as tf.Tensor4D, b2[2] as tf.Tensor4D, 2, 'valid')));
      },
    },
  ];
  const info: BackboneInfo = { family: 'resnet', modality: 'image', architecture: 'tiny-resnet', featureDim: 2 * width, numBlocks: 3, defaultFinetuneBlocks: 1 };
  return build(info, stages, [], (x) => tf.mean(x, [1, 2]) as tf.Tensor2D);
}

export function tinyVit(seed: number, size = 16, dim = 16, patch = 4): Backbone {
  const w = seeded(seed);
  const tokens = (size / patch) ** 2 + 1;
  const embed = [w([patch, patch, 3, dim], Math.sqrt(1 / (patch * patch * 3))), w([1, 1, dim], 0.02), w([1, tokens, dim], 0.02)];
  const ln = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).div(variance.add(1e-6).sqrt()).mul(g).add(b);
  };
  const block = (): Stage => {
    const v = [
      tf.variable(tf.ones([dim])), tf.variable(tf.zeros([dim])),
      w([dim, 3 * dim], Math.sqrt(1 / dim)), w([dim, dim], Math.sqrt(1 / dim)),
      tf.variable(tf.ones([dim])), tf.variable(tf.zeros([dim])),
      w([dim, 2 * dim], Math.sqrt(1 / dim)), w([2 * dim, dim], Math.sqrt(1 / (2 * dim))),
    ];
    return {
      vars: v,
      run: (x) => {
        const [B, T] = x.shape as [number, number, number];
        const heads = 2;
        const hd = dim / heads;
        const h = ln(x, v[0]!, v[1]!).reshape([B * T, dim]).matMul(v[2]!).reshape([B, T, 3, heads, hd]).transpose([2, 0, 3, 1, 4]);
        const [q, k, val] = tf.unstack(h);
        const att = tf.softmax(tf.matMul(q!, k!, false, true).div(Math.sqrt(hd)));
        const o = tf.matMul(att, val!).transpose([0, 2, 1, 3]).reshape([B * T, dim]).matMul(v[3]!).reshape([B, T, dim]);
        const x2 = x.add(o);
        const m = ln(x2, v[4]!, v[5]!).reshape([B * T, dim]).matMul(v[6]!);
        const gelu = m.mul(0.5).mul(tf.erf(m.div(Math.SQRT2)).add(1));
        return x2.add(gelu.matMul(v[7]!).reshape([B, T, dim]));
      },
    };
  };
  const stages: Stage[] = [
    {
      vars: embed,
      run: (x) => {
        const p = tf.conv2d(x as tf.Tensor4D, embed[0] as tf.Tensor4D, patch, 'valid');
        const B = p.shape[0];
        const seq = p.reshape([B, -1, dim]);
        return tf.concat([tf.tile(embed[1]!, [B, 1, 1]), seq], 1).add(embed[2]!);
      },
    },
    block(),
    block(),
  ];
  const norm = [tf.variable(tf.ones([dim])), tf.variable(tf.zeros([dim]))];
  const info: BackboneInfo = { family: 'vit', modality: 'image', architecture: 'tiny-vit', featureDim: dim, numBlocks: 3, defaultFinetuneBlocks: 1, inputSize: [size, size] };
  return build(info, stages, norm, (x) => {
    const cls = x.slice([0, 0, 0], [-1, 1, -1]).reshape([x.shape[0]!, dim]);
    return ln(cls, norm[0]!, norm[1]!) as tf.Tensor2D;
  });
}

/**
 * The loader the training process calls when a test points STUDIO_BACKBONE_LOADER / backboneLoaderModule here.
 * Like the backbones package's loadBackbone it returns the preprocessing with the network (read from the
 * folder's pretrained_cfg by the same spec functions).
 */
export function loadBackbone(dir: string): TrainingBackbone {
  const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { tiny: 'resnet' | 'vit'; seed?: number; image_size?: number };
  const size = cfg.image_size ?? 16;
  const backbone = cfg.tiny === 'vit' ? tinyVit(cfg.seed ?? 1, size) : tinyResnet(cfg.seed ?? 1);
  return { backbone, preprocessing: folderImagePreprocessing(dir, [size, size]) };
}
