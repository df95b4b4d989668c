/** One colour per legend position, distinct enough on light and dark backgrounds. */
const palette = ['#e53935', '#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#00acc1', '#6d4c41', '#d81b60', '#7cb342', '#3949ab', '#fdd835', '#546e7a'];

export function classColor(position: number): string {
  return palette[position % palette.length]!;
}

/** Black or white, whichever contrasts more with `hex` (WCAG relative luminance): class tags stay readable on every class colour. */
export function textOn(hex: string): '#000' | '#fff' {
  const c = hex.replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => {
    const v = parseInt(c.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  // Contrast with white is 1.05 / (l + 0.05); with black (l + 0.05) / 0.05. Pick the larger.
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#fff' : '#000';
}
