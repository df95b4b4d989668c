/**
 * Heat-map overlays drawn on the network's own input (after crop and resize), so the map lines up with
 * what the model saw. Pure pixel arithmetic; PNG encoding goes through sharp (already a dependency).
 */

/** NHWC float pixels of one image (normalised) → 8-bit RGB, stretched to the image's own range (works for --pixels too). */
export function inputToRgb(pixels: Float32Array, h: number, w: number): Uint8Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of pixels) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi > lo ? hi - lo : 1;
  const out = new Uint8Array(h * w * 3);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(((pixels[i]! - lo) / span) * 255);
  return out;
}

/** A [ch, cw] map resized to [h, w] with bilinear interpolation, pixel centres aligned (cv2.resize's INTER_LINEAR). */
export function upsample(cam: ArrayLike<number>, ch: number, cw: number, h: number, w: number): Float32Array {
  const out = new Float32Array(h * w);
  const sy = ch / h;
  const sx = cw / w;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), ch - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, ch - 1);
    const dy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), cw - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, cw - 1);
      const dx = fx - x0;
      const top = cam[y0 * cw + x0]! * (1 - dx) + cam[y0 * cw + x1]! * dx;
      const bottom = cam[y1 * cw + x0]! * (1 - dx) + cam[y1 * cw + x1]! * dx;
      out[y * w + x] = top * (1 - dy) + bottom * dy;
    }
  }
  return out;
}

/** The jet colour map (matplotlib's / OpenCV's COLORMAP_JET) at v in [0, 1]. */
export function jet(v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, v));
  const c = (x: number) => Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * t - x))));
  return [c(3), c(2), c(1)];
}

/** RGB image with the heat map blended in at `alpha`. */
export function blend(rgb: Uint8Array, heat: Float32Array, alpha: number): Uint8Array {
  const out = new Uint8Array(rgb.length);
  for (let i = 0; i < heat.length; i++) {
    const col = jet(heat[i]!);
    for (let k = 0; k < 3; k++) out[i * 3 + k] = Math.round((1 - alpha) * rgb[i * 3 + k]! + alpha * col[k]!);
  }
  return out;
}

export async function pngOf(rgb: Uint8Array, w: number, h: number): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp(Buffer.from(rgb), { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}
