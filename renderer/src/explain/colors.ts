/** Jet (as the core's overlay files use), v in [0, 1] → [r, g, b]. */
export function jet(v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, v));
  const c = (x: number) => Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * t - x))));
  return [c(3), c(2), c(1)];
}

/** White → deep blue, for attention weights (0 = nothing, 1 = everything). */
export function blues(v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, v));
  return [Math.round(255 - 230 * t), Math.round(255 - 190 * t), Math.round(255 - 80 * t)];
}

/** Background for a token by importance (text runs): transparent → warm orange. */
export function tokenBackground(v: number): string {
  const t = Math.min(1, Math.max(0, v));
  return `rgba(255, 120, 0, ${(0.08 + 0.72 * t).toFixed(3)})`;
}
