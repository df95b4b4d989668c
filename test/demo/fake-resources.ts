import sharp from 'sharp';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeResnet18 } from '../export/resnet-fixture';

/** Stand-in resources when the build's demo is not there yet: 3 pattern classes × 12 PNGs and a ResNet-18. */
export async function fakeResources(root: string): Promise<string> {
  const classes = ['dots', 'stripes', 'plain'];
  for (const [c, name] of classes.entries()) {
    mkdirSync(join(root, 'demo', name), { recursive: true });
    for (let k = 0; k < 12; k++) {
      const px = Buffer.alloc(28 * 28 * 3);
      for (let y = 0; y < 28; y++)
        for (let x = 0; x < 28; x++) {
          const on = c === 0 ? (x % 4 < 2 && y % 4 < 2 ? 1 : 0) : c === 1 ? ((x + k) % 6 < 3 ? 1 : 0) : 0;
          for (let ch = 0; ch < 3; ch++) px[(y * 28 + x) * 3 + ch] = 30 + on * 180 + ((k * 13 + ch * 7) % 40);
        }
      await sharp(px, { raw: { width: 28, height: 28, channels: 3 } }).png().toFile(join(root, 'demo', name, `${k}.png`));
    }
  }
  await writeResnet18(join(root, 'backbones', 'starter-resnet'));
  return root;
}
