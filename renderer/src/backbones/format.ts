/** 123456789 → "123.5 MB": decimal units, as the hub shows sizes. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

export const familyLabel: Record<string, string> = { resnet: 'ResNet', vgg: 'VGG', vit: 'ViT', bert: 'BERT', gpt2: 'GPT-2' };
