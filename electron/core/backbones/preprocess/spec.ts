import { StudioError } from '../../../../shared/api/errors';

export type Interpolation = 'nearest' | 'bilinear' | 'bicubic' | 'lanczos' | 'box' | 'hamming';

/**
 * How an image becomes the backbone's input, as the reference eval transform does it; stored with runs
 * and exports so the same numbers can be produced elsewhere.
 */
export interface ImagePreprocessSpec {
  source: 'timm' | 'transformers' | 'default';
  /** Final [height, width] fed to the network. */
  inputSize: [number, number];
  /** 'shorter-side': scale so the shorter side is `size` (timm, torchvision Resize(int)); 'exact': squash to size. */
  resize: { mode: 'shorter-side'; size: number } | { mode: 'exact'; height: number; width: number };
  /** Centre crop to inputSize after the resize (false when the resize already gives inputSize). */
  centerCrop: boolean;
  interpolation: Interpolation;
  /** Multiplies 0..255 pixel values first (1/255 everywhere we know of). */
  rescale: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** timm's crop_pct, recorded for the model card; already folded into `resize`. */
  cropPct?: number;
}

// PIL's resample codes, which transformers' image processors store.
const pilResample: Record<number, Interpolation> = { 0: 'nearest', 1: 'lanczos', 2: 'bilinear', 3: 'bicubic', 4: 'box', 5: 'hamming' };

const triple = (v: unknown, what: string, fallback: [number, number, number]): [number, number, number] => {
  if (v === undefined) return fallback;
  if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) return v as [number, number, number];
  if (typeof v === 'number') return [v, v, v];
  throw new StudioError('bad_input', `${what} must be 3 numbers, got ${JSON.stringify(v)}`);
};

const positive = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !(v > 0)) throw new StudioError('bad_input', `${what} must be a positive number, got ${JSON.stringify(v)}`);
  return v;
};

const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

/**
 * timm's eval transform (transforms_imagenet_eval): resize the shorter side to floor(size / crop_pct), centre
 * crop to size. `inputSize` overrides pretrained_cfg.input_size when the model's own arguments fix it
 * (a checkpoint made with model_args img_size=32 still says 224 in pretrained_cfg).
 */
export function timmSpec(pretrainedCfg: Record<string, unknown> | undefined, inputSize?: [number, number]): ImagePreprocessSpec {
  const cfg = pretrainedCfg ?? {};
  const declared = Array.isArray(cfg.input_size) ? (cfg.input_size as number[]) : [3, 224, 224];
  const [h, w] = inputSize ?? [positive(declared[1], 'pretrained_cfg.input_size'), positive(declared[2], 'pretrained_cfg.input_size')];
  const cropPct = cfg.crop_pct === undefined || cfg.crop_pct === null ? 0.875 : positive(cfg.crop_pct, 'pretrained_cfg.crop_pct');
  const interp = typeof cfg.interpolation === 'string' ? cfg.interpolation : 'bilinear';
  if (!['nearest', 'bilinear', 'bicubic', 'lanczos', 'box', 'hamming'].includes(interp)) {
    throw new StudioError('bad_input', `pretrained_cfg.interpolation '${interp}' is not supported`);
  }
  const squash = cfg.crop_mode === 'squash';
  const scaleH = Math.floor(h / cropPct);
  const scaleW = Math.floor(w / cropPct);
  return {
    source: 'timm',
    inputSize: [h, w],
    // timm resizes the shorter side for square inputs; non-square targets (and crop_mode 'squash') resize both sides.
    resize: h === w && !squash ? { mode: 'shorter-side', size: scaleH } : { mode: 'exact', height: scaleH, width: scaleW },
    centerCrop: true,
    interpolation: interp as Interpolation,
    rescale: 1 / 255,
    mean: triple(cfg.mean, 'pretrained_cfg.mean', IMAGENET_MEAN),
    std: triple(cfg.std, 'pretrained_cfg.std', IMAGENET_STD),
    cropPct,
  };
}

/** transformers' image processors (ViTImageProcessor: resize to size.height × size.width, rescale, normalise). */
export function hfSpec(pp: Record<string, unknown>, inputSize?: [number, number]): ImagePreprocessSpec {
  const size = (pp.size ?? {}) as Record<string, unknown>;
  const resample = pp.resample === undefined ? 2 : Number(pp.resample);
  const interpolation = pilResample[resample];
  if (!interpolation) throw new StudioError('bad_input', `preprocessor_config.json: unknown resample ${JSON.stringify(pp.resample)}`);
  const doResize = pp.do_resize !== false;
  const doCrop = pp.do_center_crop === true;
  const crop = (pp.crop_size ?? {}) as Record<string, unknown>;
  let resize: ImagePreprocessSpec['resize'];
  let out: [number, number];
  if (typeof size === 'number') {
    resize = { mode: 'exact', height: size, width: size };
    out = [size, size];
  } else if (size.shortest_edge !== undefined) {
    resize = { mode: 'shorter-side', size: positive(size.shortest_edge, 'size.shortest_edge') };
    out = [resize.size, resize.size];
  } else {
    const hh = positive(size.height ?? 224, 'size.height');
    const ww = positive(size.width ?? 224, 'size.width');
    resize = { mode: 'exact', height: hh, width: ww };
    out = [hh, ww];
  }
  if (doCrop) out = [positive(crop.height ?? out[0], 'crop_size.height'), positive(crop.width ?? out[1], 'crop_size.width')];
  if (!doResize && !doCrop && inputSize) resize = { mode: 'exact', height: inputSize[0], width: inputSize[1] };
  if (inputSize && (out[0] !== inputSize[0] || out[1] !== inputSize[1]) && doResize) {
    throw new StudioError('bad_input', `preprocessor_config.json gives ${out[0]}×${out[1]} images but the model takes ${inputSize[0]}×${inputSize[1]}`);
  }
  return {
    source: 'transformers',
    inputSize: inputSize ?? out,
    resize,
    centerCrop: doCrop || resize.mode === 'shorter-side',
    interpolation,
    rescale: pp.do_rescale === false ? 1 : typeof pp.rescale_factor === 'number' ? pp.rescale_factor : 1 / 255,
    mean: pp.do_normalize === false ? [0, 0, 0] : triple(pp.image_mean, 'image_mean', [0.5, 0.5, 0.5]),
    std: pp.do_normalize === false ? [1, 1, 1] : triple(pp.image_std, 'image_std', [0.5, 0.5, 0.5]),
  };
}

/** torchvision's classic ImageNet eval: resize 256, centre crop 224 (for checkpoints without a pretrained_cfg). */
export function defaultSpec(inputSize: [number, number] = [224, 224]): ImagePreprocessSpec {
  return { ...timmSpec({ crop_pct: 0.875, interpolation: 'bilinear' }, inputSize), source: 'default' };
}
