import { readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { StudioError } from '../../../shared/api/errors';

/** A .npy array: C-order data; int64 is read as int32 numbers (token ids, masks). */
export interface NpyArray {
  shape: number[];
  dtype: 'float32' | 'float64' | 'int32' | 'uint8';
  data: Float32Array | Int32Array | Uint8Array | Float64Array;
}

const MAGIC = '\x93NUMPY';

/** Parses NumPy's .npy format (versions 1–3, little-endian, C order); `label` names the source in errors. */
export function parseNpy(buf: Buffer, label = '.npy'): NpyArray {
  const bad = (why: string) => new StudioError('bad_input', `${label}: ${why}`);
  if (buf.length < 10 || buf.toString('latin1', 0, 6) !== MAGIC) throw bad('not a NumPy .npy file');
  const major = buf[6]!;
  if (major < 1 || major > 3) throw bad(`unsupported .npy version ${major}`);
  const pre = major === 1 ? 10 : 12;
  if (buf.length < pre) throw bad('truncated header');
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = pre + headerLen;
  if (start > buf.length) throw bad('truncated header');
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', pre, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw bad('malformed header');
  if (/'fortran_order':\s*True/.test(header)) throw bad('Fortran-order arrays are not supported (save with np.ascontiguousarray)');
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw bad(`bad shape (${shapeText})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = buf.subarray(start);
  const take = (n: number) => {
    if (bytes.length < count * n) throw bad(`truncated data: shape (${shape.join(', ')}) needs ${count * n} bytes, file has ${bytes.length}`);
    return new Uint8Array(bytes.subarray(0, count * n)).buffer;
  };
  switch (descr) {
    case '<f4':
      return { shape, dtype: 'float32', data: new Float32Array(take(4)) };
    case '<f8':
      return { shape, dtype: 'float64', data: new Float64Array(take(8)) };
    case '<i4':
      return { shape, dtype: 'int32', data: new Int32Array(take(4)) };
    case '<i8':
      return { shape, dtype: 'int32', data: Int32Array.from(new BigInt64Array(take(8)), (v) => Number(v)) };
    case '|u1':
      return { shape, dtype: 'uint8', data: new Uint8Array(take(1)) };
    default:
      throw bad(`dtype ${descr} is not supported (float32, float64, int32, int64 or uint8)`);
  }
}

export function readNpy(path: string): NpyArray {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new StudioError('bad_input', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseNpy(buf, path);
}

export async function readNpyAsync(path: string): Promise<NpyArray> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new StudioError('bad_input', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseNpy(buf, path);
}

const descrOf = { float32: '<f4', float64: '<f8', int32: '<i4', uint8: '|u1' } as const;

/** Serialises to .npy version 1.0 (what np.load reads everywhere); header padded to 64 bytes as NumPy does. */
export function encodeNpy(arr: NpyArray): Buffer {
  const count = arr.shape.reduce((a, b) => a * b, 1);
  if (count !== arr.data.length) throw new Error(`npy: shape (${arr.shape.join(', ')}) holds ${count} values, data has ${arr.data.length}`);
  const shape = arr.shape.length === 1 ? `(${arr.shape[0]},)` : `(${arr.shape.join(', ')})`;
  let header = `{'descr': '${descrOf[arr.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.write(MAGIC, 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const data = Buffer.from(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), data]);
}

export async function writeNpy(path: string, arr: NpyArray): Promise<void> {
  await writeFile(path, encodeNpy(arr));
}

/** Rows of a 2-D array as plain number arrays. */
export function npyRows(arr: NpyArray): number[][] {
  const [rows, cols] = arr.shape as [number, number];
  return Array.from({ length: rows }, (_, r) => Array.from(arr.data.subarray(r * cols, (r + 1) * cols)));
}
