import { open } from 'node:fs/promises';
import { float32ToBytes } from './dtypes';
import { SafetensorsError } from './errors';
import { numel } from './header';

export interface TensorToWrite {
  shape: readonly number[];
  /** float32 data is written as F32 (or F16/BF16 if asked); int32 as I32 or I64. */
  data: Float32Array | Int32Array;
  /** Defaults to F32 / I32 by the data's type; tfjs names ('float32', 'int32') mean the same, so a read tensor writes back as is. */
  dtype?: 'F32' | 'F16' | 'BF16' | 'I32' | 'I64' | 'float32' | 'int32';
}

type FileDtype = 'F32' | 'F16' | 'BF16' | 'I32' | 'I64';

/**
 * Writes a safetensors file tensor by tensor (no whole-file buffer). Tensors are laid out in
 * name order, as the reference library does; the header is padded with spaces to 8 bytes.
 */
export async function writeSafetensors(
  path: string,
  tensors: Map<string, TensorToWrite> | Record<string, TensorToWrite>,
  metadata?: Record<string, string>,
): Promise<void> {
  const entries = (tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  const plan: { bytes: () => Uint8Array; size: number }[] = [];
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new SafetensorsError(`'__metadata__' is reserved and cannot name a tensor`);
    const dtype: FileDtype = t.dtype === undefined || t.dtype === 'float32' || t.dtype === 'int32' ? (t.data instanceof Float32Array ? 'F32' : 'I32') : t.dtype;
    if (numel(t.shape) !== t.data.length) {
      throw new SafetensorsError(`tensor '${name}': shape [${t.shape.join(', ')}] needs ${numel(t.shape)} values, got ${t.data.length}`);
    }
    const isFloat = dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
    if (isFloat !== (t.data instanceof Float32Array)) throw new SafetensorsError(`tensor '${name}': dtype ${dtype} does not match its data`);
    const size = t.data.length * (dtype === 'F32' || dtype === 'I32' ? 4 : dtype === 'I64' ? 8 : 2);
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
    plan.push({ size, bytes: () => encode(t.data, dtype) });
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));

  const fd = await open(path, 'w');
  try {
    await fd.write(len);
    await fd.write(json);
    for (const p of plan) await fd.write(p.bytes());
  } finally {
    await fd.close();
  }
}

function encode(data: Float32Array | Int32Array, dtype: FileDtype): Uint8Array {
  if (data instanceof Float32Array) return float32ToBytes(data, dtype as 'F32' | 'F16' | 'BF16');
  if (dtype === 'I32') return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const out = new BigInt64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = BigInt(data[i]);
  return new Uint8Array(out.buffer);
}
