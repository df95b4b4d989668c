import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { bytesToFloat32, bytesToInt32, dtypeSizes, floatDtypes, intDtypes } from './dtypes';
import { SafetensorsError } from './errors';
import { parseHeader, parseHeaderLength, type SafetensorsHeader, type TensorEntry } from './header';

export type LoadedTensor =
  | { name: string; dtype: 'float32'; shape: number[]; data: Float32Array }
  | { name: string; dtype: 'int32'; shape: number[]; data: Int32Array };

/**
 * A safetensors file opened for reading one tensor at a time: only the header is held in memory,
 * so a 500 MB checkpoint never sits in the process twice (once as file bytes, once as weights).
 */
export class SafetensorsReader {
  private constructor(
    readonly path: string,
    readonly fileSize: number,
    readonly header: SafetensorsHeader,
    private readonly fd: FileHandle,
    private readonly byName: Map<string, TensorEntry>,
  ) {}

  static async open(path: string): Promise<SafetensorsReader> {
    const label = basename(path);
    let fd: FileHandle;
    try {
      fd = await open(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new SafetensorsError(code === 'ENOENT' ? `${path} does not exist` : `cannot open ${path}: ${(e as Error).message}`);
    }
    try {
      const { size } = await fd.stat();
      const first8 = await readExactly(fd, 0, Math.min(8, size));
      const len = parseHeaderLength(first8, size, label);
      const json = await readExactly(fd, 8, len);
      const header = parseHeader(json, size, label);
      return new SafetensorsReader(path, size, header, fd, new Map(header.tensors.map((t) => [t.name, t])));
    } catch (e) {
      await fd.close();
      throw e;
    }
  }

  get metadata(): Record<string, string> {
    return this.header.metadata;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entry(name: string): TensorEntry {
    const t = this.byName.get(name);
    if (!t) throw new SafetensorsError(`${basename(this.path)} has no tensor '${name}'`);
    return t;
  }

  async readBytes(name: string): Promise<Uint8Array> {
    const t = this.entry(name);
    return readExactly(this.fd, t.begin, t.end - t.begin);
  }

  /** Floats come back as float32 (F16/BF16/F64 converted), I32/I64 as int32. */
  async read(name: string): Promise<LoadedTensor> {
    const t = this.entry(name);
    const bytes = await this.readBytes(name);
    if (floatDtypes.includes(t.dtype)) return { name, dtype: 'float32', shape: t.shape, data: bytesToFloat32(bytes, t.dtype) };
    if (intDtypes.includes(t.dtype)) {
      const data = bytesToInt32(bytes, t.dtype);
      if (!data) throw new SafetensorsError(`${basename(this.path)}: tensor '${name}' holds I64 values outside the int32 range`);
      return { name, dtype: 'int32', shape: t.shape, data };
    }
    throw new SafetensorsError(
      `${basename(this.path)}: tensor '${name}' has dtype ${t.dtype}, which is not supported (supported: ${[...floatDtypes, ...intDtypes].join(', ')})`,
    );
  }

  /**
   * Streams a float tensor as float32 in chunks of whole rows (a row = the product of all dims but the
   * first), so a caller can lay a 400 MB weight out in its own buffer without a second full copy.
   * `onChunk(rows, firstRow)` gets a view that is reused by the next call.
   */
  async readFloat32Rows(name: string, onChunk: (rows: Float32Array, firstRow: number) => void, chunkBytes = 16 << 20): Promise<void> {
    const t = this.entry(name);
    if (!floatDtypes.includes(t.dtype)) {
      throw new SafetensorsError(`${basename(this.path)}: tensor '${name}' has dtype ${t.dtype}, expected a float type`);
    }
    const size = dtypeSizes[t.dtype];
    const rowElems = t.shape.length ? t.shape.slice(1).reduce((a, b) => a * b, 1) : 1;
    const totalRows = t.shape.length ? t.shape[0] : 1;
    const rowBytes = rowElems * size;
    const rowsPerChunk = Math.max(1, Math.floor(chunkBytes / Math.max(1, rowBytes)));
    // Its own ArrayBuffer at offset 0: aligned, so F32 chunks are viewed in place, not copied.
    const buf = Buffer.allocUnsafeSlow(Math.min(totalRows, rowsPerChunk) * rowBytes);
    for (let r = 0; r < totalRows; r += rowsPerChunk) {
      const n = Math.min(rowsPerChunk, totalRows - r);
      const bytes = buf.subarray(0, n * rowBytes);
      await readInto(this.fd, bytes, t.begin + r * rowBytes);
      onChunk(t.dtype === 'F32' ? new Float32Array(bytes.buffer, bytes.byteOffset, n * rowElems) : bytesToFloat32(bytes, t.dtype), r);
    }
  }

  /** Reads a float tensor; any other dtype is a specific error (weights must be floating point). */
  async readFloat32(name: string): Promise<{ shape: number[]; data: Float32Array }> {
    const t = await this.read(name);
    if (t.dtype !== 'float32') {
      throw new SafetensorsError(`${basename(this.path)}: tensor '${name}' has dtype ${this.entry(name).dtype}, expected a float type`);
    }
    return t;
  }

  async close(): Promise<void> {
    await this.fd.close();
  }
}

async function readExactly(fd: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.allocUnsafe(length);
  await readInto(fd, buf, position);
  return buf;
}

async function readInto(fd: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fd.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new SafetensorsError(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
}

/** Reads every tensor of a small file at once (tests, tools); use SafetensorsReader for models. */
export async function readSafetensors(path: string): Promise<{ metadata: Record<string, string>; tensors: Map<string, LoadedTensor> }> {
  const r = await SafetensorsReader.open(path);
  try {
    const tensors = new Map<string, LoadedTensor>();
    for (const t of r.header.tensors) tensors.set(t.name, await r.read(t.name));
    return { metadata: r.metadata, tensors };
  } finally {
    await r.close();
  }
}
