/**
 * A baseline JPEG decoder that stops before upsampling and colour conversion: it returns each
 * component's plane at its own resolution. Old-style JPEG TIFFs need that, because libtiff (which
 * Pillow reads them through) takes the raw Y/Cb/Cr planes from libjpeg and does the rest itself —
 * chroma repeated, not libjpeg's "fancy" interpolation, which is all sharp offers. The IDCT is a port
 * of libjpeg's integer "islow" (jidctint.c), the default in libjpeg-turbo, so planes match it bit for bit.
 */
import { ImageDecodeError } from './types';

export interface JpegPlane {
  /** Sampling factors, as in the frame header. */
  h: number;
  v: number;
  /** Plane size in samples: whole blocks, covering the image at this component's resolution. */
  stride: number;
  rows: number;
  data: Uint8Array;
}

export interface JpegPlanes {
  width: number;
  height: number;
  hmax: number;
  vmax: number;
  planes: JpegPlane[];
}

const zigzag = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
  50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

interface Huffman {
  /** code length → (code → symbol) */
  lookup: Map<number, number>[];
}

function buildHuffman(counts: Uint8Array, symbols: Uint8Array): Huffman {
  const lookup: Map<number, number>[] = [];
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    const m = new Map<number, number>();
    for (let i = 0; i < counts[len - 1]!; i++) m.set(code++, symbols[k++]!);
    lookup.push(m);
    code <<= 1;
  }
  return { lookup };
}

// jidctint.c constants (CONST_BITS 13).
const F = {
  c0_298: 2446, c0_390: 3196, c0_541: 4433, c0_765: 6270, c0_899: 7373, c1_175: 9633, c1_501: 12299, c1_847: 15137, c1_961: 16069,
  c2_053: 16819, c2_562: 20995, c3_072: 25172,
};
/** libjpeg's DESCALE: round by adding half, arithmetic shift (exact in doubles at these magnitudes). */
const descale = (x: number, n: number) => Math.floor((x + 2 ** (n - 1)) / 2 ** n);

/** One 1-D pass of the islow IDCT over in[0,s,2s,…] (already dequantised / pass-1 output). */
function idct1d(i0: number, i1: number, i2: number, i3: number, i4: number, i5: number, i6: number, i7: number, shift: number, out: (k: number, v: number) => void): void {
  let z1 = (i2 + i6) * F.c0_541;
  const tmp2e = z1 - i6 * F.c1_847;
  const tmp3e = z1 + i2 * F.c0_765;
  const tmp0e = (i0 + i4) * 8192;
  const tmp1e = (i0 - i4) * 8192;
  const t10 = tmp0e + tmp3e;
  const t13 = tmp0e - tmp3e;
  const t11 = tmp1e + tmp2e;
  const t12 = tmp1e - tmp2e;
  let t0 = i7;
  let t1 = i5;
  let t2 = i3;
  let t3 = i1;
  z1 = t0 + t3;
  let z2 = t1 + t2;
  let z3 = t0 + t2;
  let z4 = t1 + t3;
  const z5 = (z3 + z4) * F.c1_175;
  t0 *= F.c0_298;
  t1 *= F.c2_053;
  t2 *= F.c3_072;
  t3 *= F.c1_501;
  z1 *= -F.c0_899;
  z2 *= -F.c2_562;
  z3 = z3 * -F.c1_961 + z5;
  z4 = z4 * -F.c0_390 + z5;
  t0 += z1 + z3;
  t1 += z2 + z4;
  t2 += z2 + z3;
  t3 += z1 + z4;
  out(0, descale(t10 + t3, shift));
  out(7, descale(t10 - t3, shift));
  out(1, descale(t11 + t2, shift));
  out(6, descale(t11 - t2, shift));
  out(2, descale(t12 + t1, shift));
  out(5, descale(t12 - t1, shift));
  out(3, descale(t13 + t0, shift));
  out(4, descale(t13 - t0, shift));
}

/** libjpeg's IDCT range limit: the 10-bit wrapped value, centred on 128, clamped. */
function rangeLimit(v: number): number {
  let w = v & 1023;
  if (w >= 512) w -= 1024;
  return Math.min(255, Math.max(0, w + 128));
}

function idctBlock(coef: Int32Array, q: Uint16Array, out: Uint8Array, at: number, stride: number): void {
  const ws = new Float64Array(64);
  for (let c = 0; c < 8; c++) {
    const d = (r: number) => coef[r * 8 + c]! * q[r * 8 + c]!;
    if (coef[8 + c] === 0 && coef[16 + c] === 0 && coef[24 + c] === 0 && coef[32 + c] === 0 && coef[40 + c] === 0 && coef[48 + c] === 0 && coef[56 + c] === 0) {
      const dc = d(0) * 4; // LEFT_SHIFT(dc, PASS1_BITS)
      for (let r = 0; r < 8; r++) ws[r * 8 + c] = dc;
      continue;
    }
    idct1d(d(0), d(1), d(2), d(3), d(4), d(5), d(6), d(7), 13 - 2, (k, v) => (ws[k * 8 + c] = v));
  }
  for (let r = 0; r < 8; r++) {
    const w = (k: number) => ws[r * 8 + k]!;
    const o = at + r * stride;
    if (w(1) === 0 && w(2) === 0 && w(3) === 0 && w(4) === 0 && w(5) === 0 && w(6) === 0 && w(7) === 0) {
      out.fill(rangeLimit(descale(w(0), 2 + 3)), o, o + 8);
      continue;
    }
    idct1d(w(0), w(1), w(2), w(3), w(4), w(5), w(6), w(7), 13 + 2 + 3, (k, v) => (out[o + k] = rangeLimit(v)));
  }
}

/** Decodes a baseline (sequential Huffman, 8-bit) JPEG to its component planes. */
export function decodeJpegPlanes(jpg: Uint8Array): JpegPlanes {
  if (jpg[0] !== 0xff || jpg[1] !== 0xd8) throw new ImageDecodeError('corrupt JPEG stream in TIFF (no start-of-image marker)');
  const qt: Uint16Array[] = [];
  const dc: Huffman[] = [];
  const ac: Huffman[] = [];
  let restart = 0;
  let frame: { width: number; height: number; comps: { id: number; h: number; v: number; tq: number }[] } | null = null;
  let p = 2;
  const u16 = (at: number) => (jpg[at]! << 8) | jpg[at + 1]!;
  while (p + 4 <= jpg.length) {
    if (jpg[p] !== 0xff) throw new ImageDecodeError('corrupt JPEG stream in TIFF (bad marker)');
    const marker = jpg[p + 1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    const len = u16(p + 2);
    const seg = jpg.subarray(p + 4, p + 2 + len);
    if (marker === 0xdb) {
      for (let i = 0; i < seg.length; ) {
        const pq = seg[i]! >> 4;
        const t = new Uint16Array(64);
        for (let k = 0; k < 64; k++) t[zigzag[k]!] = pq ? (seg[i + 1 + 2 * k]! << 8) | seg[i + 2 + 2 * k]! : seg[i + 1 + k]!;
        qt[seg[i]! & 15] = t;
        i += 1 + 64 * (pq ? 2 : 1);
      }
    } else if (marker === 0xc4) {
      for (let i = 0; i < seg.length; ) {
        const counts = seg.subarray(i + 1, i + 17);
        const n = counts.reduce((a, c) => a + c, 0);
        const table = buildHuffman(counts, seg.subarray(i + 17, i + 17 + n));
        (seg[i]! >> 4 ? ac : dc)[seg[i]! & 15] = table;
        i += 17 + n;
      }
    } else if (marker === 0xdd) {
      restart = u16(p + 4);
    } else if (marker === 0xc0 || marker === 0xc1) {
      if (seg[0] !== 8) throw new ImageDecodeError(`${seg[0]}-bit JPEG in TIFF is not supported`);
      const comps = [];
      for (let i = 0; i < seg[5]!; i++) comps.push({ id: seg[6 + i * 3]!, h: seg[7 + i * 3]! >> 4, v: seg[7 + i * 3]! & 15, tq: seg[8 + i * 3]! });
      frame = { height: u16(p + 5), width: u16(p + 7), comps };
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new ImageDecodeError('old-style JPEG TIFF holds a progressive or lossless JPEG, which is not supported');
    } else if (marker === 0xda) {
      if (!frame) throw new ImageDecodeError('corrupt JPEG stream in TIFF (scan before frame header)');
      return decodeScan(jpg, p + 2 + len, seg, frame, qt, dc, ac, restart);
    }
    p += 2 + len;
  }
  throw new ImageDecodeError('corrupt JPEG stream in TIFF (no image data)');
}

function decodeScan(
  jpg: Uint8Array,
  start: number,
  sos: Uint8Array,
  frame: { width: number; height: number; comps: { id: number; h: number; v: number; tq: number }[] },
  qt: Uint16Array[],
  dc: Huffman[],
  ac: Huffman[],
  restart: number,
): JpegPlanes {
  const { width, height, comps } = frame;
  if (sos[0] !== comps.length) throw new ImageDecodeError('JPEG in TIFF with several scans is not supported');
  const hmax = Math.max(...comps.map((c) => c.h));
  const vmax = Math.max(...comps.map((c) => c.v));
  const mcusX = Math.ceil(width / (8 * hmax));
  const mcusY = Math.ceil(height / (8 * vmax));
  const planes: JpegPlane[] = comps.map((c) => {
    const stride = mcusX * c.h * 8;
    const rows = mcusY * c.v * 8;
    return { h: c.h, v: c.v, stride, rows, data: new Uint8Array(stride * rows) };
  });
  const tables = comps.map((c, i) => {
    const sel = sos[2 + i * 2]!;
    const q = qt[c.tq];
    const d = dc[sel >> 4];
    const a = ac[sel & 15];
    if (!q || !d || !a) throw new ImageDecodeError('corrupt JPEG stream in TIFF (missing tables)');
    return { q, d, a };
  });
  let pos = start;
  let acc = 0;
  let bits = 0;
  const bit = (): number => {
    if (bits === 0) {
      // A marker (0xFF not followed by a stuffed 0) ends the data: feed zeros there, as libjpeg does.
      acc = 0;
      if (pos < jpg.length && !(jpg[pos] === 0xff && jpg[pos + 1] !== 0)) {
        acc = jpg[pos++]!;
        if (acc === 0xff) pos++;
      }
      bits = 8;
    }
    bits--;
    return (acc >> bits) & 1;
  };
  const receive = (n: number) => {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | bit();
    return v;
  };
  const extend = (v: number, n: number) => (n && v < 1 << (n - 1) ? v - (1 << n) + 1 : v);
  const symbol = (h: Huffman) => {
    let code = 0;
    for (let len = 0; len < 16; len++) {
      code = (code << 1) | bit();
      const s = h.lookup[len]!.get(code);
      if (s !== undefined) return s;
    }
    throw new ImageDecodeError('corrupt JPEG stream in TIFF (bad Huffman code)');
  };
  const pred = new Array<number>(comps.length).fill(0);
  const coef = new Int32Array(64);
  let mcu = 0;
  for (let my = 0; my < mcusY; my++)
    for (let mx = 0; mx < mcusX; mx++, mcu++) {
      if (restart && mcu > 0 && mcu % restart === 0) {
        // Byte-align and step over the RSTn marker.
        bits = 0;
        while (pos + 1 < jpg.length && !(jpg[pos] === 0xff && jpg[pos + 1]! >= 0xd0 && jpg[pos + 1]! <= 0xd7)) pos++;
        pos += 2;
        pred.fill(0);
      }
      comps.forEach((c, ci) => {
        const { q, d, a } = tables[ci]!;
        const plane = planes[ci]!;
        for (let by = 0; by < c.v; by++)
          for (let bx = 0; bx < c.h; bx++) {
            coef.fill(0);
            const t = symbol(d);
            pred[ci]! += extend(receive(t), t);
            coef[0] = pred[ci]!;
            for (let k = 1; k < 64; ) {
              const rs = symbol(a);
              const r = rs >> 4;
              const s = rs & 15;
              if (s === 0) {
                if (r !== 15) break;
                k += 16;
                continue;
              }
              k += r;
              if (k > 63) break;
              coef[zigzag[k]!] = extend(receive(s), s);
              k++;
            }
            const x = (mx * c.h + bx) * 8;
            const y = (my * c.v + by) * 8;
            idctBlock(coef, q, plane.data, y * plane.stride + x, plane.stride);
          }
      });
    }
  return { width, height, hmax, vmax, planes };
}
