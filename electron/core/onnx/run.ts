import type * as Ort from 'onnxruntime-node';
import { ort } from './session';

export interface HostArray {
  data: Float32Array;
  shape: number[];
}

/** Float32 pixels (NCHW or NHWC, as the graph was built) → ORT tensor. */
export function floatFeed(data: Float32Array, shape: number[]): Ort.Tensor {
  return new (ort().Tensor)('float32', data, shape);
}

/** Token ids / masks (any integer or float array) → the int64 tensors the text graphs take. */
export function int64Feed(data: ArrayLike<number>, shape: number[]): Ort.Tensor {
  const out = new BigInt64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = BigInt(Math.round(data[i]!));
  return new (ort().Tensor)('int64', out, shape);
}

/** Runs a session and copies the named float output out of ORT's memory. */
export async function runOutput(session: Ort.InferenceSession, feeds: Record<string, Ort.Tensor>, output: string): Promise<HostArray> {
  const res = await session.run(feeds, [output]);
  const t = res[output]!;
  try {
    return { data: new Float32Array(t.data as Float32Array), shape: [...t.dims] };
  } finally {
    for (const v of Object.values(res)) v.dispose();
  }
}
