import type { ImagePreprocessing } from '../training/data/preprocessing-summary';

const torchvisionMode: Record<string, string> = {
  nearest: 'NEAREST',
  bilinear: 'BILINEAR',
  bicubic: 'BICUBIC',
  lanczos: 'LANCZOS',
  box: 'BOX',
  hamming: 'HAMMING',
};

/**
 * config.json's `preprocessing`: everything needed to turn an image file into the exported model's
 * input in PyTorch exactly as the studio does (scripts/export/check_torch_load.py --files follows it):
 * decode with PIL (EXIF orientation applied, then convert('RGB'): alpha dropped, not blended), PIL's
 * resize, centre crop, ToTensor, Normalize. The spec is the backbone's own (timm pretrained_cfg,
 * transformers preprocessor_config.json, or torchvision's ImageNet default).
 */
export function preprocessingBlock(pre: ImagePreprocessing): Record<string, unknown> {
  const spec = pre.spec;
  const [h, w] = pre.size;
  const interpolation = spec?.interpolation ?? 'bilinear';
  const resize = spec?.resize ?? { mode: 'shorter-side', size: Math.floor(h / pre.cropPct) };
  const centerCrop = spec?.centerCrop ?? true;
  const resizeArg = resize.mode === 'shorter-side' ? String(resize.size) : `(${resize.height}, ${resize.width})`;
  const steps = [`Resize(${resizeArg}, interpolation=InterpolationMode.${torchvisionMode[interpolation]})`];
  if (centerCrop) steps.push(`CenterCrop((${h}, ${w}))`);
  steps.push('ToTensor()', `Normalize(mean=${JSON.stringify(pre.mean)}, std=${JSON.stringify(pre.std)})`);
  return {
    source: spec?.source ?? 'default',
    input_size: [3, h, w],
    mean: pre.mean,
    std: pre.std,
    crop_pct: pre.cropPct,
    resize,
    center_crop: centerCrop,
    interpolation,
    rescale: spec?.rescale ?? 1 / 255,
    // How a file is decoded before the transforms (the studio's images/decode.ts).
    decode: { library: 'PIL', exif_transpose: true, convert: 'RGB', alpha: 'dropped' },
    // transformers' processors centre-crop at (size - crop) // 2; torchvision rounds half to even.
    crop_rounding: spec?.source === 'transformers' ? 'floor' : 'torchvision',
    torchvision: `Compose([${steps.join(', ')}]) on ImageOps.exif_transpose(Image.open(f)).convert('RGB')`,
    layout_pytorch: 'NCHW float32: RGB / 255, resized and cropped to input_size, then (x - mean) / std',
  };
}
