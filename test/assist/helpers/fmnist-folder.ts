import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const fmnistTarget = resolve(import.meta.dirname, '../../fixtures/fmnist/target');
export const starterBackbone = resolve(import.meta.dirname, '../../../resources/backbones/starter-resnet');

/** Flips planted across classes that look nothing alike, so a wrong label is wrong beyond doubt. */
export const plantedFlips: ReadonlyArray<{ from: string; to: string }> = [
  { from: 'sneaker', to: 'dress' },
  { from: 'dress', to: 'ankle-boot' },
  { from: 'ankle-boot', to: 'pullover' },
  { from: 'pullover', to: 'sneaker' },
  { from: 'shirt', to: 'ankle-boot' },
];

export interface FmnistFolder {
  dir: string;
  classes: string[];
  /** File name → true class, for every file written (labeled and loose). */
  truth: Map<string, string>;
  /** File names given a wrong class folder. */
  flipped: string[];
}

/**
 * A small Fashion-MNIST folder the way an analyst has one: `labeled` train images in class folders
 * (with `flips` of them in the wrong folder) and `loose` test images per class left unlabeled at the top.
 */
export function writeFmnistFolder(dir: string, o: { labeled: number; loose: number; flips: number }): FmnistFolder {
  const classes = readdirSync(join(fmnistTarget, 'train')).sort();
  const truth = new Map<string, string>();
  const flipped: string[] = [];
  mkdirSync(dir, { recursive: true });
  for (const cls of classes) {
    const flip = plantedFlips.slice(0, o.flips).find((f) => f.from === cls);
    readdirSync(join(fmnistTarget, 'train', cls))
      .sort()
      .slice(0, o.labeled)
      .forEach((f, k) => {
        const name = `train-${cls}-${f}`;
        // The last image of the class goes to the wrong folder when a flip is planted from it.
        const folder = flip && k === o.labeled - 1 ? flip.to : cls;
        if (folder !== cls) flipped.push(name);
        mkdirSync(join(dir, folder), { recursive: true });
        copyFileSync(join(fmnistTarget, 'train', cls, f), join(dir, folder, name));
        truth.set(name, cls);
      });
    readdirSync(join(fmnistTarget, 'test', cls))
      .sort()
      .slice(0, o.loose)
      .forEach((f) => {
        const name = `test-${cls}-${f}`;
        copyFileSync(join(fmnistTarget, 'test', cls, f), join(dir, name));
        truth.set(name, cls);
      });
  }
  return { dir, classes, truth, flipped };
}
