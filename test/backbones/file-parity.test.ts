import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../electron/core/backbones/load';
import { readNpy } from '../helpers/npy';
import { PYTHON, pilUnavailable, repoRoot } from '../helpers/pil';
import { torchUnavailable } from './cnn-refs';

// Features from image *files*: the step a user runs (decode, resize, crop, normalise) against
// PIL + torchvision / transformers' processor steps on real photos and small upscaled images.
const skip = torchUnavailable() ?? pilUnavailable(['skimage']);
if (skip) console.warn(`file parity tests skipped: ${skip}`);

const scripts = ['make_file_refs.py', 'make_cnn_refs.py'].map((s) => join(repoRoot, 'scripts', 'parity', s));

/** make_file_refs.py into test/.cache/file-refs unless the same script version already finished there. */
function ensureFileRefs(): string {
  const out = join(repoRoot, 'test', '.cache', 'file-refs');
  const stamp = join(out, 'stamp');
  const h = createHash('sha256');
  for (const s of scripts) h.update(readFileSync(s));
  const version = h.digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return out;
  const r = spawnSync(PYTHON, [scripts[0]!, '--out', out], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (r.status !== 0) throw new Error(`make_file_refs.py failed: ${r.stderr}`);
  writeFileSync(stamp, version);
  return out;
}

/** Per image: max |ours − reference| / max |reference|. */
function relativeErrors(got: Float32Array, want: Float32Array, n: number): number[] {
  const d = got.length / n;
  return Array.from({ length: n }, (_, i) => {
    let num = 0;
    let den = 0;
    for (let j = i * d; j < (i + 1) * d; j++) {
      num = Math.max(num, Math.abs(got[j]! - want[j]!));
      den = Math.max(den, Math.abs(want[j]!));
    }
    return num / den;
  });
}

describe.skipIf(skip !== null)('features from image files match the reference pipeline (worst relative error ≤ 1e-3)', () => {
  let refs = '';
  let names: string[] = [];
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    refs = ensureFileRefs();
    names = JSON.parse(readFileSync(join(refs, 'images.json'), 'utf8')) as string[];
  }, 180_000);

  for (const [name, what] of [
    ['resnet_bicubic_0875', 'ResNet-18, timm config bicubic / crop_pct 0.875'],
    ['resnet_bilinear_1', 'ResNet-18, timm config bilinear / crop_pct 1.0'],
    ['vit_hf', "ViT, transformers' ViTImageProcessor config (bilinear, 32×32)"],
  ] as const) {
    it(`${what}: ${name}`, async () => {
      const dir = join(refs, name);
      const { backbone, preprocessing } = await loadBackbone(dir);
      if (preprocessing.kind !== 'image') throw new Error('expected an image backbone');
      const paths = names.map((n) => join(refs, 'images', n));
      const [h, w] = preprocessing.spec.inputSize;
      const before = tf.memory().numTensors;
      const px = await preprocessing.runBatch(paths);
      // The network input itself: NHWC ours vs NCHW reference.
      const ref = readNpy(join(dir, 'input.npy')).data as Float32Array;
      let inputDiff = 0;
      for (let i = 0; i < names.length; i++)
        for (let c = 0; c < 3; c++)
          for (let p = 0; p < h * w; p++) inputDiff = Math.max(inputDiff, Math.abs(px[(i * h * w + p) * 3 + c]! - ref[(i * 3 + c) * h * w + p]!));
      const pixels = tf.tensor4d(px, [names.length, h, w, 3]);
      const f = backbone.features({ pixels });
      const errs = relativeErrors(f.dataSync() as Float32Array, readNpy(join(dir, 'features.npy')).data as Float32Array, names.length);
      tf.dispose([pixels, f]);
      expect(tf.memory().numTensors).toBe(before);
      backbone.dispose();
      const worst = Math.max(...errs);
      const sorted = [...errs].sort((a, b) => a - b);
      console.log(
        `${name}: ${names.length} files, input max abs diff ${inputDiff.toExponential(2)}, feature relative error worst ${worst.toExponential(2)} ` +
          `(${names[errs.indexOf(worst)]}), median ${sorted[Math.floor(sorted.length / 2)]!.toExponential(2)}`,
      );
      expect(inputDiff).toBeLessThan(1e-5);
      expect(worst).toBeLessThanOrEqual(1e-3);
    }, 120_000);
  }
});
