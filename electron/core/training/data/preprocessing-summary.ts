import type { ImagePreprocessSpec } from '../../backbones/preprocess';
import { folderImageSpec } from './image-preprocessing';

// No tfjs here: the core process (export, predict set-up) reads preprocessing without loading it.

/**
 * A summary of a backbone's image preprocessing (what export writes into config.json), carrying the
 * backbones package's full spec. Kept for callers that read it from a folder (export, predict).
 */
export interface ImagePreprocessing {
  size: [number, number];
  mean: [number, number, number];
  std: [number, number, number];
  /** timm's crop_pct: resize the short side to size/cropPct, then centre-crop. 1 = no crop margin. */
  cropPct: number;
  /** The exact transform; absent only in hand-made summaries (then rebuilt as a timm eval transform). */
  spec?: ImagePreprocessSpec;
}

export function summarizeSpec(spec: ImagePreprocessSpec): ImagePreprocessing {
  return { size: spec.inputSize, mean: spec.mean, std: spec.std, cropPct: spec.cropPct ?? 1, spec };
}

/** The preprocessing the backbones package uses for the folder (same spec as loadBackbone's). */
export function readImagePreprocessing(dir: string, fallbackSize?: [number, number]): ImagePreprocessing {
  return summarizeSpec(folderImageSpec(dir, fallbackSize));
}
