import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Cross-validated predictions of a run trained under the 'cv' policy: every labelled item trained
 * the final model, so the honest confusion matrix is the one each item got from the fold that
 * did not see it. The training process writes them beside model.ckpt; evaluation reads them.
 */
export const OUT_OF_FOLD_FILE = 'out-of-fold.json';

export interface OutOfFoldFile {
  method: 'cross-validation';
  folds: number;
  /** Which model's folds these are ('probe' or 'finetune'). */
  model: string;
  items: Array<{ itemId: number; probs: number[] }>;
}

export function writeOutOfFold(checkpointDir: string, f: OutOfFoldFile): void {
  mkdirSync(checkpointDir, { recursive: true });
  writeFileSync(join(checkpointDir, OUT_OF_FOLD_FILE), JSON.stringify(f));
}

export function readOutOfFold(checkpointDir: string): OutOfFoldFile | null {
  const path = join(checkpointDir, OUT_OF_FOLD_FILE);
  if (!existsSync(path)) return null;
  const f = JSON.parse(readFileSync(path, 'utf8')) as OutOfFoldFile;
  if (f.method !== 'cross-validation' || !Array.isArray(f.items)) throw new Error(`${path} is not a cross-validation prediction file`);
  return f;
}
