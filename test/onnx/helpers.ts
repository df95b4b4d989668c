import { join } from 'node:path';
import { SafetensorsReader } from '../../electron/core/backbones/safetensors';
import { buildOnnxGraph, type OnnxBuildOptions } from '../../electron/core/onnx/build';
import { runOutput, type HostArray } from '../../electron/core/onnx/run';
import { createSession } from '../../electron/core/onnx/session';
import { OnnxWeights } from '../../electron/core/onnx/weights';
import { readFile } from 'node:fs/promises';
import type * as Ort from 'onnxruntime-node';

export const PARITY = join(__dirname, '..', 'fixtures', 'parity');

/** Builds a folder's graph from its model.safetensors and opens it in ORT. */
export async function sessionFor(dir: string, opts: Partial<OnnxBuildOptions> = {}) {
  const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const reader = await SafetensorsReader.open(join(dir, 'model.safetensors'));
  let weights: OnnxWeights;
  try {
    weights = await OnnxWeights.fromReader(reader);
  } finally {
    await reader.close();
  }
  const graph = buildOnnxGraph({ config, weights, ...opts });
  const { session, choice } = await createSession(graph.bytes, 1);
  return { graph, session, choice };
}

export const run = (s: Ort.InferenceSession, feeds: Record<string, Ort.Tensor>, out = 'features'): Promise<HostArray> => runOutput(s, feeds, out);

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
