import { readFileSync } from 'node:fs';

/** A .npy array: C-order data, little-endian float32 / int32 / int64 (as numbers) / uint8. */
export interface NpyArray {
  shape: number[];
  dtype: string;
  data: Float32Array | Int32Array | Uint8Array | Float64Array;
}

/** Minimal NumPy .npy reader (format versions 1–3) for test fixtures. */
export function readNpy(path: string): NpyArray {
  const buf = readFileSync(path);
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw new Error(`${path}: bad header ${header}`);
  if (fortran) throw new Error(`${path}: Fortran-order arrays are not supported`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = buf.subarray(start);
  const copy = (n: number) => new Uint8Array(bytes.subarray(0, count * n)).buffer;
  switch (descr) {
    case '<f4':
      return { shape, dtype: 'float32', data: new Float32Array(copy(4)) };
    case '<f8':
      return { shape, dtype: 'float64', data: new Float64Array(copy(8)) };
    case '<i4':
      return { shape, dtype: 'int32', data: new Int32Array(copy(4)) };
    case '<i8': {
      const big = new BigInt64Array(copy(8));
      return { shape, dtype: 'int32', data: Int32Array.from(big, (v) => Number(v)) };
    }
    case '|u1':
      return { shape, dtype: 'uint8', data: new Uint8Array(copy(1)) };
    default:
      throw new Error(`${path}: dtype ${descr} not supported`);
  }
}

/** Rows of a 2-D array as plain number arrays. */
export function npyRows(arr: NpyArray): number[][] {
  const [rows, cols] = arr.shape;
  return Array.from({ length: rows }, (_, r) => Array.from(arr.data.subarray(r * cols, (r + 1) * cols)));
}
