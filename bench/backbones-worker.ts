// One image backbone in a fresh process, so its peak RSS is its own: load, full-size parity,
// feature throughput. Prints one JSON line. Spawned by bench/backbones.ts.
import * as tf from '../electron/core/tf/tf';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadBackbone } from '../electron/core/backbones/load';
import { permute } from '../electron/core/backbones/params';
import { readNpy } from '../electron/core/backbones/npy';
import { climbLadder, parseForcedBackend } from '../electron/core/training/backend/ladder';
import { defaultRungs } from '../electron/core/training/backend/rungs';
import { itemsPerSecond, measureLoad, peakRssMB } from './measure';

const [dir, batchArg, sizeArg, secondsArg] = process.argv.slice(2);
const batch = Number(batchArg);
const size = Number(sizeArg);
const seconds = Number(secondsArg);

const backend = await climbLadder(defaultRungs(), parseForcedBackend(process.env.STUDIO_BACKEND));
const { value: loaded, ...loadFigures } = await measureLoad(() => loadBackbone(dir));
const { backbone, loader } = loaded;

let parityDiff: number | null = null;
if (existsSync(join(dir, 'input.npy'))) {
  const x = readNpy(join(dir, 'input.npy'));
  const ref = readNpy(join(dir, 'features.npy'));
  const p = permute(x.data as Float32Array, x.shape, [0, 2, 3, 1]);
  const f = tf.tidy(() => backbone.features({ pixels: tf.tensor4d(p.data, p.shape as [number, number, number, number]) }));
  const got = f.dataSync();
  parityDiff = 0;
  for (let i = 0; i < got.length; i++) parityDiff = Math.max(parityDiff, Math.abs(got[i] - (ref.data[i] as number)));
  f.dispose();
}

const pixels = tf.randomNormal([batch, size, size, 3]) as tf.Tensor4D;
const run = () => {
  const f = backbone.features({ pixels });
  f.dataSync();
  f.dispose();
};
const itemsPerSec = itemsPerSecond(run, batch, seconds);

process.stdout.write(
  JSON.stringify({
    backend: backend.name,
    loader,
    info: backbone.info,
    ...loadFigures,
    peakMB: peakRssMB(),
    itemsPerSec,
    parityDiff,
  }) + '\n',
);
backbone.dispose();
pixels.dispose();
