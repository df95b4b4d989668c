import type { PixelBuffer, RgbImage } from './types';

/**
 * 1–4 interleaved bands → RGB as PIL's convert('RGB') does it: grey is replicated, and alpha (the
 * 2nd band of grey+alpha, the 4th of RGBA) is dropped, not blended onto a background.
 */
export function pixelsToRgb(p: PixelBuffer): RgbImage {
  const { width, height, channels: ch, data } = p;
  if (ch === 3) return { data, width, height, channels: 3 };
  const n = width * height;
  const out = new Uint8Array(n * 3);
  if (ch === 1 || ch === 2) {
    for (let i = 0; i < n; i++) {
      const v = data[i * ch]!;
      out[i * 3] = v;
      out[i * 3 + 1] = v;
      out[i * 3 + 2] = v;
    }
  } else if (ch === 4) {
    for (let i = 0; i < n; i++) {
      out[i * 3] = data[i * 4]!;
      out[i * 3 + 1] = data[i * 4 + 1]!;
      out[i * 3 + 2] = data[i * 4 + 2]!;
    }
  } else {
    throw new Error(`cannot turn ${ch} bands into RGB`);
  }
  return { data: out, width, height, channels: 3 };
}
