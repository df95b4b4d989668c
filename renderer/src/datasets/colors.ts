/** One colour per legend position, distinct enough on light and dark backgrounds. */
const palette = ['#e53935', '#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#00acc1', '#6d4c41', '#d81b60', '#7cb342', '#3949ab', '#fdd835', '#546e7a'];

export function classColor(position: number): string {
  return palette[position % palette.length]!;
}
