import type { PixelBuffer } from './types';

/** Python's round(): halves go to the even neighbour (torchvision's CenterCrop offsets use it). */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** The width×height window at (left, top); parts outside the image are 0, as torchvision pads. */
export function cropPixels(src: PixelBuffer, left: number, top: number, width: number, height: number): PixelBuffer {
  const ch = src.channels;
  const out = new Uint8Array(width * height * ch);
  const x0 = Math.max(0, -left);
  const x1 = Math.min(width, src.width - left);
  for (let y = 0; y < height; y++) {
    const sy = y + top;
    if (sy < 0 || sy >= src.height || x1 <= x0) continue;
    const from = (sy * src.width + left + x0) * ch;
    out.set(src.data.subarray(from, from + (x1 - x0) * ch), (y * width + x0) * ch);
  }
  return { data: out, width, height, channels: ch };
}

/**
 * Centre crop to width×height. torchvision: pad with zeros when the image is smaller (extra pixel of
 * an odd pad on the right/bottom), offsets round((size - crop) / 2) with Python's rounding;
 * transformers' image processors: offsets (size - crop) // 2.
 */
export function centerCrop(src: PixelBuffer, width: number, height: number, rounding: 'torchvision' | 'transformers'): PixelBuffer {
  if (src.width === width && src.height === height) return src;
  const offset = (size: number, crop: number): number => {
    if (crop > size) return -Math.floor((crop - size) / 2);
    return rounding === 'torchvision' ? roundHalfEven((size - crop) / 2) : Math.floor((size - crop) / 2);
  };
  return cropPixels(src, offset(src.width, width), offset(src.height, height), width, height);
}

/** Mirror left to right (torchvision's RandomHorizontalFlip). */
export function flipHorizontal(src: PixelBuffer): PixelBuffer {
  const { width: w, height: h, channels: ch } = src;
  const out = new Uint8Array(src.data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * ch;
      const d = (y * w + (w - 1 - x)) * ch;
      for (let b = 0; b < ch; b++) out[d + b] = src.data[s + b]!;
    }
  }
  return { data: out, width: w, height: h, channels: ch };
}
