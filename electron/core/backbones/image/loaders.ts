import { CheckpointParams } from '../params';
import type { FamilyLoader, JsonObject, LoadContext } from '../family-types';
import { defaultSpec, hfSpec, imagePreprocessor, timmSpec } from '../preprocess';
import { stagedBackbone, type StagedImageModel } from '../staged';
import { buildResnet, resnetArchitectures, type ResnetArgs } from './resnet';
import { buildVgg, vggArchitectures } from './vgg';
import { buildVit } from './vit';
import { hfVitConfig, timmVitConfig } from './vit-config';

/** timm's `architecture` without its pretrained tag ('resnet50.a1_in1k' → 'resnet50'). */
const timmArch = (c: JsonObject): string | null => (typeof c.architecture === 'string' ? c.architecture.split('.')[0] : null);

/** Builds with the checkpoint's params, freeing every variable already made if the build fails midway. */
async function build(ctx: LoadContext, prefix: string, make: (ck: CheckpointParams) => Promise<StagedImageModel>) {
  const ck = new CheckpointParams(ctx.reader, prefix);
  try {
    return stagedBackbone(await make(ck));
  } catch (e) {
    ck.dispose();
    throw e;
  }
}

function timmPreprocessing(ctx: LoadContext, inputSize?: [number, number]) {
  const cfg = ctx.config.pretrained_cfg as JsonObject | undefined;
  const spec = cfg ? timmSpec(cfg, inputSize) : defaultSpec(inputSize);
  return { kind: 'image' as const, ...imagePreprocessor(spec) };
}

export const resnetFamily: FamilyLoader = {
  id: 'timm-resnet',
  supports: `timm/torchvision architecture ${resnetArchitectures.join('/')}`,
  matches: (c) => /^resnet\d+$/.test(timmArch(c) ?? ''),
  async load(ctx) {
    const args = (ctx.config.model_args ?? {}) as ResnetArgs;
    const backbone = await build(ctx, '', (ck) => buildResnet(ck, timmArch(ctx.config) as string, 1e-5, args));
    return { backbone, preprocessing: timmPreprocessing(ctx) };
  },
};

export const vggFamily: FamilyLoader = {
  id: 'timm-vgg',
  supports: `timm/torchvision architecture ${vggArchitectures.join('/')}`,
  matches: (c) => /^vgg\d+(_bn)?$/.test(timmArch(c) ?? ''),
  async load(ctx) {
    const backbone = await build(ctx, '', (ck) => buildVgg(ck, timmArch(ctx.config) as string));
    return { backbone, preprocessing: timmPreprocessing(ctx) };
  },
};

export const timmVitFamily: FamilyLoader = {
  id: 'timm-vit',
  supports: 'timm architecture vit_{tiny,small,base,large,huge}_patch{P}_{SIZE}',
  matches: (c) => (timmArch(c) ?? '').startsWith('vit_'),
  async load(ctx) {
    const cfg = timmVitConfig(ctx.config);
    const backbone = await build(ctx, '', (ck) => buildVit(ck, cfg));
    return { backbone, preprocessing: timmPreprocessing(ctx, [cfg.imgSize, cfg.imgSize]) };
  },
};

export const hfVitFamily: FamilyLoader = {
  id: 'hf-vit',
  supports: 'transformers model_type vit (ViTModel, ViTForImageClassification)',
  matches: (c) => c.model_type === 'vit',
  async load(ctx) {
    const cfg = hfVitConfig(ctx.config);
    // ViTForImageClassification keys carry a `vit.` prefix; ViTModel's do not.
    const prefix = ctx.reader.has('vit.embeddings.cls_token') ? 'vit.' : '';
    const backbone = await build(ctx, prefix, (ck) => buildVit(ck, cfg));
    const pp = await ctx.readJson('preprocessor_config.json');
    const spec = pp ? hfSpec(pp, [cfg.imgSize, cfg.imgSize]) : hfSpec({ size: { height: cfg.imgSize, width: cfg.imgSize } });
    return { backbone, preprocessing: { kind: 'image', ...imagePreprocessor(spec) } };
  },
};

export const imageFamilies: FamilyLoader[] = [resnetFamily, vggFamily, timmVitFamily, hfVitFamily];
