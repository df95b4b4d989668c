/** Element types the safetensors format defines, with their sizes in bytes. */
export const dtypeSizes = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
} as const;

export type SafetensorsDtype = keyof typeof dtypeSizes;

export function isSafetensorsDtype(d: unknown): d is SafetensorsDtype {
  return typeof d === 'string' && Object.prototype.hasOwnProperty.call(dtypeSizes, d);
}

/** Float types that convert to float32 on read (F64 loses precision, as it would in any fp32 model). */
export const floatDtypes: readonly SafetensorsDtype[] = ['F32', 'F16', 'BF16', 'F64'];
/** Integer types that convert to int32 on read (I64 must fit, as BatchNorm counters do). */
export const intDtypes: readonly SafetensorsDtype[] = ['I32', 'I64'];

// Half floats are decoded through a 65536-entry table: one lookup per element beats bit twiddling in JS.
let halfTable: Float32Array | null = null;
function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) t[h] = sign * frac * 2 ** -24;
    else if (exp === 31) t[h] = frac ? NaN : sign * Infinity;
    else t[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  halfTable = t;
  return t;
}

/** Raw little-endian bytes → float32. `bytes` need not be aligned. */
export function bytesToFloat32(bytes: Uint8Array, dtype: SafetensorsDtype): Float32Array {
  const size = dtypeSizes[dtype];
  const n = bytes.byteLength / size;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'F32': {
      const out = new Float32Array(n);
      new Uint8Array(out.buffer).set(bytes);
      return out;
    }
    case 'F16': {
      const table = halfToFloatTable();
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = table[view.getUint16(i * 2, true)];
      return out;
    }
    case 'BF16': {
      // bf16 is the top half of a float32: shift it back into place.
      const out = new Float32Array(n);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = view.getUint16(i * 2, true) << 16;
      return out;
    }
    case 'F64': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
      return out;
    }
    default:
      throw new Error(`not a float dtype: ${dtype}`);
  }
}

/** Raw little-endian integers → int32; returns null when an I64 value does not fit. */
export function bytesToInt32(bytes: Uint8Array, dtype: SafetensorsDtype): Int32Array | null {
  const size = dtypeSizes[dtype];
  const n = bytes.byteLength / size;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int32Array(n);
  if (dtype === 'I32') {
    for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true);
    return out;
  }
  if (dtype === 'I64') {
    for (let i = 0; i < n; i++) {
      const v = view.getBigInt64(i * 8, true);
      if (v > 2147483647n || v < -2147483648n) return null;
      out[i] = Number(v);
    }
    return out;
  }
  throw new Error(`not an int dtype: ${dtype}`);
}

/** float32 → raw little-endian bytes of `dtype` (the writer's direction). */
export function float32ToBytes(data: Float32Array, dtype: 'F32' | 'F16' | 'BF16'): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const out = new Uint8Array(data.length * 2);
  const view = new DataView(out.buffer);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < data.length; i++) {
    f[0] = data[i];
    const x = u[0];
    if (dtype === 'BF16') {
      // Round to nearest even, keeping NaN a NaN.
      const r = Number.isNaN(data[i]) ? 0x7fc0 : (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
      view.setUint16(i * 2, r & 0xffff, true);
    } else {
      view.setUint16(i * 2, floatToHalf(x), true);
    }
  }
  return out;
}

function floatToHalf(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++;
  // A carry out of the mantissa bumps the exponent, up to infinity: that is the correct rounding.
  return sign | h;
}
