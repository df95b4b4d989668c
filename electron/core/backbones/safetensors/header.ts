import { dtypeSizes, isSafetensorsDtype, type SafetensorsDtype } from './dtypes';
import { SafetensorsError } from './errors';

/** The safetensors library refuses headers over 100 MB; so do we (a bigger one is corruption, not a model). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface TensorEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Absolute byte offsets in the file (header included), [begin, end). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Bytes before the first tensor: 8 + header length. */
  dataStart: number;
  metadata: Record<string, string>;
  /** In file order. */
  tensors: TensorEntry[];
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Reads the 8-byte little-endian header length, refusing values no real file has. */
export function parseHeaderLength(first8: Uint8Array, fileSize: number, label: string): number {
  if (fileSize < 8) throw new SafetensorsError(`${label} is truncated: ${fileSize} bytes, fewer than the 8-byte header length`);
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(`${label} is not a safetensors file: header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  }
  const len = Number(n);
  if (len < 2) throw new SafetensorsError(`${label} is not a safetensors file: header length ${len} is too small for a JSON object`);
  if (8 + len > fileSize) {
    throw new SafetensorsError(`${label}: header points outside the file (header ends at byte ${8 + len} but the file has ${fileSize} bytes)`);
  }
  return len;
}

/** Validates the JSON header against the file size: known dtypes, sizes = dtype × shape, offsets contiguous and inside the file. */
export function parseHeader(json: Uint8Array, fileSize: number, label: string): SafetensorsHeader {
  const dataStart = 8 + json.byteLength;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw new SafetensorsError(`${label}: header is not valid UTF-8`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`${label}: header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SafetensorsError(`${label}: header must be a JSON object`);
  }

  let metadata: Record<string, string> = {};
  const tensors: TensorEntry[] = [];
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(v, label);
      continue;
    }
    tensors.push(parseEntry(name, v, dataStart, label));
  }

  // Data must be one contiguous run, in offset order, exactly filling the rest of the file.
  const byOffset = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = dataStart;
  let prev: TensorEntry | null = null;
  for (const t of byOffset) {
    if (t.begin !== cursor) {
      const where = prev ? `the previous tensor '${prev.name}' ends at byte ${prev.end}` : `the data starts at byte ${dataStart}`;
      const what = t.begin < cursor ? 'overlaps' : 'leaves a gap';
      throw new SafetensorsError(`${label}: tensor '${t.name}' starts at byte ${t.begin} but ${where} (${what}; offsets must be contiguous)`);
    }
    if (t.end > fileSize) {
      throw new SafetensorsError(`${label} is truncated: tensor '${t.name}' ends at byte ${t.end} but the file has ${fileSize} bytes`);
    }
    cursor = t.end;
    prev = t;
  }
  if (cursor !== fileSize) {
    throw new SafetensorsError(`${label}: ${fileSize - cursor} unexpected bytes after the last tensor (data ends at byte ${cursor}, the file has ${fileSize})`);
  }
  return { dataStart, metadata, tensors };
}

function parseMetadata(v: unknown, label: string): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new SafetensorsError(`${label}: __metadata__ must be an object of strings`);
  }
  const out: Record<string, string> = {};
  for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
    if (typeof s !== 'string') throw new SafetensorsError(`${label}: __metadata__['${k}'] must be a string`);
    out[k] = s;
  }
  return out;
}

function parseEntry(name: string, v: unknown, dataStart: number, label: string): TensorEntry {
  const bad = (why: string) => new SafetensorsError(`${label}: tensor '${name}' ${why}`);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('must be an object with dtype, shape and data_offsets');
  const e = v as Record<string, unknown>;
  if (!isSafetensorsDtype(e.dtype)) throw bad(`has unknown dtype ${JSON.stringify(e.dtype)}`);
  const shape = e.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw bad(`has an invalid shape ${JSON.stringify(shape)}`);
  }
  const off = e.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0) || off[0] > off[1]) {
    throw bad(`has invalid data_offsets ${JSON.stringify(off)}`);
  }
  const expected = numel(shape) * dtypeSizes[e.dtype];
  const actual = off[1] - off[0];
  if (actual !== expected) {
    throw bad(`has ${actual} bytes but ${e.dtype} × [${shape.join(', ')}] needs ${expected}`);
  }
  return { name, dtype: e.dtype, shape: shape as number[], begin: dataStart + off[0], end: dataStart + off[1] };
}
