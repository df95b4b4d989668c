// One text family in a fresh process, so its peak RSS is its own: load, parity features,
// throughput. Prints one JSON line. Spawned by bench/text-backbones.ts.
import * as tf from '../electron/core/tf/tf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBackbone } from '../electron/core/backbones/load';
import { climbLadder, parseForcedBackend } from '../electron/core/training/backend/ladder';
import { defaultRungs } from '../electron/core/training/backend/rungs';
import { itemsPerSecond, measureLoad, peakRssMB } from './measure';

const [family, dir, batchArg, seqArg, secondsArg] = process.argv.slice(2);
const batch = Number(batchArg);
const seq = Number(seqArg);
const seconds = Number(secondsArg);

const backend = await climbLadder(defaultRungs(), parseForcedBackend(process.env.STUDIO_BACKEND));
// The app's own path: config → family → weights, plus the sha256 of the file it records.
const { value: loaded, ...loadFigures } = await measureLoad(() => loadBackbone(dir));
const { backbone: model, loader } = loaded;
if (loader !== `hf-${family}`) throw new Error(`expected the hf-${family} loader, got ${loader}`);

const inp = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8')) as { input_ids: number[][]; attention_mask: number[][] };
const parity = tf.tidy(() =>
  model.features({
    inputIds: tf.tensor2d(inp.input_ids, undefined, 'int32'),
    attentionMask: tf.tensor2d(inp.attention_mask, undefined, 'int32'),
  }),
);
const features = (await parity.array()) as number[][];
parity.dispose();

const ids = tf.randomUniform([batch, seq], 1000, 30000, 'int32') as tf.Tensor2D;
const mask = tf.ones([batch, seq], 'int32') as tf.Tensor2D;
const run = () => {
  const f = model.features({ inputIds: ids, attentionMask: mask });
  f.dataSync();
  f.dispose();
};
const itemsPerSec = itemsPerSecond(run, batch, seconds);

process.stdout.write(
  JSON.stringify({
    backend: backend.name,
    ...loadFigures,
    peakMB: peakRssMB(),
    itemsPerSec,
    features,
  }) + '\n',
);
model.dispose();
tf.dispose([ids, mask]);
