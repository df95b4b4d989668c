import { StudioError } from '../../../../shared/api/errors';

/** Everything the ViT forward pass needs, whichever library wrote the checkpoint. */
export interface VitConfig {
  naming: 'timm' | 'transformers';
  architecture: string;
  imgSize: number;
  patchSize: number;
  dim: number;
  depth: number;
  heads: number;
  mlpDim: number;
  eps: number;
  act: 'gelu' | 'gelu_tanh';
}

const timmSizes: Record<string, { dim: number; depth: number; heads: number }> = {
  tiny: { dim: 192, depth: 12, heads: 3 },
  small: { dim: 384, depth: 12, heads: 6 },
  base: { dim: 768, depth: 12, heads: 12 },
  large: { dim: 1024, depth: 24, heads: 16 },
  huge: { dim: 1280, depth: 32, heads: 16 },
};

/** timm `model_args` this loader understands, with the value it requires where only one is supported. */
const fixedTimmArgs: Record<string, unknown> = {
  class_token: true,
  global_pool: 'token',
  no_embed_class: false,
  pre_norm: false,
  fc_norm: false,
  qkv_bias: true,
  reg_tokens: 0,
  init_values: null,
  dynamic_img_size: false,
};

const num = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new StudioError('bad_input', `config.json: ${what} must be a positive number, got ${JSON.stringify(v)}`);
  return v;
};

/** timm: defaults from the architecture name (vit_base_patch16_224), overridden by `model_args`. */
export function timmVitConfig(config: Record<string, unknown>): VitConfig {
  const full = String(config.architecture);
  const architecture = full.split('.')[0];
  const m = /^vit_(tiny|small|base|large|huge)_patch(\d+)_(\d+)$/.exec(architecture);
  if (!m) {
    throw new StudioError(
      'bad_input',
      `unsupported timm ViT '${full}' (supported: vit_{${Object.keys(timmSizes).join(',')}}_patch{P}_{SIZE}, the plain class-token ViT)`,
    );
  }
  const size = timmSizes[m[1]];
  const args = (config.model_args ?? {}) as Record<string, unknown>;
  for (const [k, required] of Object.entries(fixedTimmArgs)) {
    const v = k === 'global_pool' ? (args[k] ?? config.global_pool) : args[k];
    if (v !== undefined && v !== required && !(required === null && v === 0)) {
      throw new StudioError('bad_input', `${full}: model_args ${k}=${JSON.stringify(v)} is not supported (only ${JSON.stringify(required)})`);
    }
  }
  const imgSize = args.img_size ?? Number(m[3]);
  const dim = num(args.embed_dim ?? size.dim, 'model_args.embed_dim');
  return {
    naming: 'timm',
    architecture,
    imgSize: num(Array.isArray(imgSize) ? imgSize[0] : imgSize, 'model_args.img_size'),
    patchSize: num(args.patch_size ?? Number(m[2]), 'model_args.patch_size'),
    dim,
    depth: num(args.depth ?? size.depth, 'model_args.depth'),
    heads: num(args.num_heads ?? size.heads, 'model_args.num_heads'),
    mlpDim: Math.round(dim * num(args.mlp_ratio ?? 4, 'model_args.mlp_ratio')),
    eps: 1e-6,
    act: 'gelu',
  };
}

/** transformers: ViTConfig fields (ViTModel / ViTForImageClassification). */
export function hfVitConfig(config: Record<string, unknown>): VitConfig {
  const act = config.hidden_act ?? 'gelu';
  if (act !== 'gelu' && act !== 'gelu_new' && act !== 'gelu_pytorch_tanh') {
    throw new StudioError('bad_input', `ViT hidden_act '${String(act)}' is not supported (supported: gelu, gelu_new, gelu_pytorch_tanh)`);
  }
  if (config.qkv_bias === false) throw new StudioError('bad_input', 'ViT with qkv_bias=false is not supported');
  if (config.num_channels !== undefined && config.num_channels !== 3) {
    throw new StudioError('bad_input', `ViT with num_channels=${String(config.num_channels)} is not supported (RGB only)`);
  }
  const dim = num(config.hidden_size ?? 768, 'hidden_size');
  const imgSize = config.image_size ?? 224;
  return {
    naming: 'transformers',
    architecture: 'vit',
    imgSize: num(Array.isArray(imgSize) ? imgSize[0] : imgSize, 'image_size'),
    patchSize: num(config.patch_size ?? 16, 'patch_size'),
    dim,
    depth: num(config.num_hidden_layers ?? 12, 'num_hidden_layers'),
    heads: num(config.num_attention_heads ?? 12, 'num_attention_heads'),
    mlpDim: num(config.intermediate_size ?? 3072, 'intermediate_size'),
    eps: typeof config.layer_norm_eps === 'number' ? config.layer_norm_eps : 1e-12,
    act: act === 'gelu' ? 'gelu' : 'gelu_tanh',
  };
}
