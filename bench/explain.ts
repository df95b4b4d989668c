import * as tf from '../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBackbone } from '../electron/core/backbones/load';
import { attentionMaps } from '../electron/core/explain/attention';
import { gradCam } from '../electron/core/explain/gradcam';

// `npx tsx bench/explain.ts` (or `npm run bench explain` once registered): how long the explain features take
// on the wasm backend for the bundled starter backbones (the issue asks: within seconds). Figures are the
// model process's work: load the folder, then the first (cold) and a later (warm) call.

const root = join(import.meta.dirname, '..');
const sentence = 'The animal did not cross the street because it was too tired.';

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

export async function benchExplain(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  process.stdout.write(`backend ${tf.getBackend()}\n`);
  for (const name of ['starter-bert', 'starter-gpt2']) {
    let t0 = performance.now();
    const { backbone, preprocessing } = await loadBackbone(join(root, 'resources', 'backbones', name));
    const load = ms(t0);
    if (preprocessing.kind !== 'text') throw new Error(`${name} has no tokenizer`);
    const enc = preprocessing.tokenizer.encodeBatch([sentence], { padding: 'longest' });
    const t = enc.inputIds[0]!.length;
    const input = {
      inputIds: tf.tensor2d(enc.inputIds, [1, t], 'int32'),
      attentionMask: tf.tensor2d(enc.attentionMask, [1, t], 'int32'),
      tokenTypeIds: tf.tensor2d(enc.tokenTypeIds, [1, t], 'int32'),
    };
    t0 = performance.now();
    const maps = attentionMaps(backbone, input);
    const cold = ms(t0);
    t0 = performance.now();
    attentionMaps(backbone, input);
    const warm = ms(t0);
    process.stdout.write(`${name}: attention [${maps.shape.join(', ')}] load ${load}, first ${cold}, again ${warm}\n`);
    tf.dispose(Object.values(input));
    backbone.dispose();
  }
  const dir = join(root, 'resources', 'backbones', 'starter-resnet');
  let t0 = performance.now();
  const { backbone, preprocessing } = await loadBackbone(dir);
  const load = ms(t0);
  if (preprocessing.kind !== 'image' || !backbone.pretrainedHead) throw new Error('starter-resnet: expected image preprocessing and its 5-class head');
  const demo = join(root, 'resources', 'demo', 'dress');
  const file = join(demo, readdirSync(demo)[0]!);
  const [h, w] = preprocessing.spec.inputSize;
  const pixels = tf.tensor4d(await preprocessing.run(file), [1, h, w, 3]);
  const head = backbone.pretrainedHead;
  t0 = performance.now();
  const cam = gradCam({ backbone, logits: (f) => head.logits(f), input: { pixels } });
  const cold = ms(t0);
  t0 = performance.now();
  gradCam({ backbone, logits: (f) => head.logits(f), input: { pixels } });
  const warm = ms(t0);
  process.stdout.write(`starter-resnet: Grad-CAM [${cam.shape.join(', ')}] of a ${h}×${w} demo image, load ${load}, first ${cold}, again ${warm}\n`);
  pixels.dispose();
  backbone.dispose();
}

if (process.argv[1]?.endsWith('explain.ts')) await benchExplain();
