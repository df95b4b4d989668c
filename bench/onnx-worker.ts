// One backbone on ONNX Runtime in a fresh process: graph build, session start on the provider ladder,
// full-size parity where the folder has a reference, feature throughput. Prints one JSON line.
// Spawned by bench/onnx.ts and bench/gpu.ts: args KIND(image|text) DIR BATCH SIZE_OR_SEQ SECONDS
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy } from '../electron/core/backbones/npy';
import { SafetensorsReader } from '../electron/core/backbones/safetensors';
import { buildOnnxGraph } from '../electron/core/onnx/build';
import { floatFeed, int64Feed, runOutput } from '../electron/core/onnx/run';
import { createSession } from '../electron/core/onnx/session';
import { OnnxWeights } from '../electron/core/onnx/weights';

const [kind, dir, batchArg, sizeArg, secondsArg] = process.argv.slice(2) as [string, string, string, string, string];
const batch = Number(batchArg);
const size = Number(sizeArg);
const seconds = Number(secondsArg);

const t0 = performance.now();
const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
const reader = await SafetensorsReader.open(join(dir, 'model.safetensors'));
const weights = await OnnxWeights.fromReader(reader);
await reader.close();
const graph = buildOnnxGraph({ config, weights, imageSize: kind === 'image' ? [size, size] : undefined });
const buildMs = performance.now() - t0;
const t1 = performance.now();
const { session, choice } = await createSession(graph.bytes);
const sessionMs = performance.now() - t1;

let parityDiff: number | null = null;
if (kind === 'image' && existsSync(join(dir, 'input.npy')) && existsSync(join(dir, 'features.npy'))) {
  const x = readNpy(join(dir, 'input.npy'));
  const ref = readNpy(join(dir, 'features.npy'));
  const f = await runOutput(session, { pixel_values: floatFeed(x.data as Float32Array, x.shape) }, 'features');
  parityDiff = 0;
  for (let i = 0; i < f.data.length; i++) parityDiff = Math.max(parityDiff, Math.abs(f.data[i]! - (ref.data[i] as number)));
}

let feeds: () => Record<string, ReturnType<typeof floatFeed>>;
if (kind === 'image') {
  const px = Float32Array.from({ length: batch * 3 * size * size }, () => Math.random() * 2 - 1);
  feeds = () => ({ pixel_values: floatFeed(px, [batch, 3, size, size]) });
} else {
  const ids = Array.from({ length: batch * size }, () => 1000 + Math.floor(Math.random() * 20000));
  const shape = [batch, size];
  feeds = () => {
    const f: Record<string, ReturnType<typeof floatFeed>> = { input_ids: int64Feed(ids, shape), attention_mask: int64Feed(ids.map(() => 1), shape) };
    if (graph.inputs.includes('token_type_ids')) f.token_type_ids = int64Feed(ids.map(() => 0), shape);
    return f;
  };
}
await runOutput(session, feeds(), 'features'); // warm-up
let items = 0;
const start = performance.now();
do {
  await runOutput(session, feeds(), 'features');
  items += batch;
} while (performance.now() - start < seconds * 1000);
const itemsPerSec = items / ((performance.now() - start) / 1000);
await session.release();
process.stdout.write(JSON.stringify({ itemsPerSec, ep: choice.ep, label: choice.label, buildMs, sessionMs, modelMB: graph.bytes.length / 2 ** 20, parityDiff }) + '\n');
