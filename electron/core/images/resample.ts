/**
 * Pillow's Image.resize on 8-bit images, bit for bit (Pillow 9.x src/libImaging/Resample.c and, for
 * nearest, Geometry.c's ImagingScaleAffine are the specification). torchvision's Resize on PIL images,
 * timm's eval transform and transformers' image processors all call it with reducing_gap=None, so
 * this is the resampling every reference checkpoint was evaluated with.
 *
 * No npm package reproduces it exactly: sharp/libvips, pica (14-bit fixed point, no bicubic) and jimp
 * use other kernels or rounding, which is what made our features drift from torchvision's.
 */
import type { Interpolation } from '../backbones/preprocess/spec';
import type { PixelBuffer } from './types';

export type { PixelBuffer } from './types';

interface Filter {
  fn(x: number): number;
  support: number;
}

// Pillow writes 0.54f and 0.46f: single-precision constants promoted to double.
const H054 = Math.fround(0.54);
const H046 = Math.fround(0.46);

const sinc = (x: number): number => {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
};

const filters: Record<Exclude<Interpolation, 'nearest'>, Filter> = {
  box: { support: 0.5, fn: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: {
    support: 1,
    fn: (x) => {
      const a = Math.abs(x);
      return a < 1 ? 1 - a : 0;
    },
  },
  hamming: {
    support: 1,
    fn: (x) => {
      const a = Math.abs(x);
      if (a === 0) return 1;
      if (a >= 1) return 0;
      const px = a * Math.PI;
      return (Math.sin(px) / px) * (H054 + H046 * Math.cos(px));
    },
  },
  bicubic: {
    support: 2,
    fn: (x) => {
      const a = -0.5;
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
  lanczos: { support: 3, fn: (x) => (x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0) },
};

// 32 bits minus 8 for the result minus 2 for overshoot of negative lobes, as in Pillow.
const PRECISION_BITS = 22;
const ONE = 1 << PRECISION_BITS;

interface Coeffs {
  ksize: number;
  /** [first source index, count] per output index. */
  bounds: Int32Array;
  /** Fixed-point weights, ksize per output index. */
  weights: Int32Array;
}

/** precompute_coeffs + normalize_coeffs_8bpc for one axis over the whole input (box 0..inSize). */
function coefficients(inSize: number, outSize: number, filter: Filter): Coeffs {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = filter.support * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  const ss = 1 / filterscale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    // C's (int) cast truncates toward zero.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = filter.fn((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww !== 0 ? k[x]! / ww : k[x]!;
      weights[xx * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, weights };
}

/** Pillow's clip8: the accumulator's top bits, clamped to 0..255 (arithmetic shift, like C's >>). */
const clip8 = (v: number): number => {
  const s = v >> PRECISION_BITS;
  return s < 0 ? 0 : s > 255 ? 255 : s;
};

function horizontal(src: PixelBuffer, outWidth: number, rowFirst: number, rows: number, c: Coeffs): PixelBuffer {
  const { channels: ch, width: inW } = src;
  const out = new Uint8Array(outWidth * rows * ch);
  const { ksize, bounds, weights } = c;
  for (let y = 0; y < rows; y++) {
    const rowBase = (y + rowFirst) * inW * ch;
    for (let xx = 0; xx < outWidth; xx++) {
      const xmin = bounds[xx * 2]!;
      const n = bounds[xx * 2 + 1]!;
      const kOff = xx * ksize;
      for (let b = 0; b < ch; b++) {
        let ss = 1 << (PRECISION_BITS - 1);
        let p = rowBase + xmin * ch + b;
        for (let x = 0; x < n; x++, p += ch) ss += src.data[p]! * weights[kOff + x]!;
        out[(y * outWidth + xx) * ch + b] = clip8(ss);
      }
    }
  }
  return { data: out, width: outWidth, height: rows, channels: ch };
}

function vertical(src: PixelBuffer, outHeight: number, rowShift: number, c: Coeffs): PixelBuffer {
  const { channels: ch, width: w } = src;
  const stride = w * ch;
  const out = new Uint8Array(w * outHeight * ch);
  const { ksize, bounds, weights } = c;
  for (let yy = 0; yy < outHeight; yy++) {
    const ymin = bounds[yy * 2]! - rowShift;
    const n = bounds[yy * 2 + 1]!;
    const kOff = yy * ksize;
    for (let i = 0; i < stride; i++) {
      let ss = 1 << (PRECISION_BITS - 1);
      let p = ymin * stride + i;
      for (let y = 0; y < n; y++, p += stride) ss += src.data[p]! * weights[kOff + y]!;
      out[yy * stride + i] = clip8(ss);
    }
  }
  return { data: out, width: w, height: outHeight, channels: ch };
}

/**
 * Geometry.c's ImagingScaleAffine: source positions accumulate by repeated addition of the scale
 * (not multiplication), which decides ties exactly as Pillow does.
 */
function nearest(src: PixelBuffer, outW: number, outH: number): PixelBuffer {
  const ch = src.channels;
  const ax = src.width / outW;
  const ay = src.height / outH;
  const xin = new Int32Array(outW);
  let xo = ax * 0.5;
  // A position that rounding pushes past the edge stays black, as Pillow's zero fill leaves it.
  for (let x = 0; x < outW; x++, xo += ax) xin[x] = Math.trunc(xo) < src.width ? Math.trunc(xo) : -1;
  const out = new Uint8Array(outW * outH * ch);
  let yo = ay * 0.5;
  for (let y = 0; y < outH; y++, yo += ay) {
    const yi = Math.trunc(yo);
    if (yi >= src.height) continue;
    for (let x = 0; x < outW; x++) {
      if (xin[x]! < 0) continue;
      const s = (yi * src.width + xin[x]!) * ch;
      const d = (y * outW + x) * ch;
      for (let b = 0; b < ch; b++) out[d + b] = src.data[s + b]!;
    }
  }
  return { data: out, width: outW, height: outH, channels: ch };
}

/** `Image.resize((width, height), resample)` on an 8-bit image with no alpha channel. */
export function resizePil(src: PixelBuffer, width: number, height: number, interpolation: Interpolation): PixelBuffer {
  if (!(width >= 1 && height >= 1 && Number.isInteger(width) && Number.isInteger(height))) {
    throw new RangeError(`resize target must be whole positive sizes, got ${width}×${height}`);
  }
  if (width === src.width && height === src.height) return { ...src, data: src.data.slice() };
  if (interpolation === 'nearest') return nearest(src, width, height);
  const filter = filters[interpolation];
  const needH = width !== src.width;
  const needV = height !== src.height;
  const hc = coefficients(src.width, width, filter);
  const vc = coefficients(src.height, height, filter);
  // Only the source rows the vertical pass reads go through the horizontal pass.
  const first = vc.bounds[0]!;
  const last = vc.bounds[height * 2 - 2]! + vc.bounds[height * 2 - 1]!;
  let img = src;
  let shift = 0;
  if (needH) {
    img = horizontal(src, width, first, last - first, hc);
    shift = first;
  }
  if (needV) img = vertical(img, height, shift, vc);
  return img;
}
