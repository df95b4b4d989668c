import { resolveSpec, type ResnetArgs } from '../image/resnet-spec';
import { vggCfgs } from '../image/vgg-spec';
import { hfVitConfig, timmVitConfig } from '../image/vit-config';
import { inputSideRange } from './check-input-size';
import type { TensorExpect } from './tensor-expect';

type Json = Record<string, unknown>;

/** The feature width the tensors give, which the registry records instead of trusting config.json. */
export interface WeightsCheck {
  featureDim: number;
}

const arch = (config: Json) => String(config.architecture).split('.')[0]!.toLowerCase();

/** Head tensors, when present, must take the features the trunk gives and match num_classes. */
function checkHead(ex: TensorExpect, config: Json, weight: string, featureDim: number, why: string): void {
  const shape = ex.shapeOf(weight);
  if (!shape) return;
  const classes = typeof config.num_classes === 'number' && config.num_classes > 0 ? config.num_classes : shape[0]!;
  ex.shape(weight, [classes, featureDim, ...shape.slice(2)], `${why}, num_classes ${classes}`);
}

/** torchvision/timm ResNet: every block's convolutions, the block counts, the feature width. */
export function checkResnet(config: Json, ex: TensorExpect): WeightsCheck {
  const a = arch(config);
  const spec = resolveSpec(a, (config.model_args ?? {}) as ResnetArgs);
  const expansion = spec.bottleneck ? 4 : 1;
  const kind = spec.bottleneck ? 'bottleneck' : 'basic';
  ex.shape('conv1.weight', [spec.stemWidth, spec.inChans, 7, 7], `${a} stem_width ${spec.stemWidth}, in_chans ${spec.inChans}`);
  let inplanes = spec.stemWidth;
  let last = 'conv1.weight';
  for (let li = 0; li < 4; li++) {
    const planes = spec.channels[li]!;
    const out = planes * expansion;
    const why = `${a} stage ${li + 1}: ${spec.layers[li]} ${kind} block(s) of ${planes} channels (model_args.layers / channels / block)`;
    for (let bi = 0; bi < spec.layers[li]!; bi++) {
      const p = `layer${li + 1}.${bi}`;
      const cin = bi === 0 ? inplanes : out;
      if (spec.bottleneck) {
        ex.shape(`${p}.conv1.weight`, [planes, cin, 1, 1], why);
        ex.shape(`${p}.conv2.weight`, [planes, planes, 3, 3], why);
        ex.shape(`${p}.conv3.weight`, [out, planes, 1, 1], why);
        last = `${p}.conv3.weight`;
      } else {
        ex.shape(`${p}.conv1.weight`, [planes, cin, 3, 3], why);
        ex.shape(`${p}.conv2.weight`, [planes, planes, 3, 3], why);
        ex.absent(`${p}.conv3.weight`, `${a} has basic blocks (two convolutions each)`);
        last = `${p}.conv2.weight`;
      }
    }
    ex.absent(`layer${li + 1}.${spec.layers[li]}.conv1.weight`, `stage ${li + 1} of ${a} has ${spec.layers[li]} block(s) (model_args.layers)`);
    inplanes = out;
  }
  const featureDim = spec.channels[3]! * expansion;
  if (typeof config.num_features === 'number' && config.num_features !== featureDim) {
    throw ex.fail(`config.json num_features is ${config.num_features}, but the last block's tensor '${ex.prefix}${last}' gives ${featureDim} features`);
  }
  checkHead(ex, config, 'fc.weight', featureDim, `${featureDim} features`);
  return { featureDim };
}

/** torchvision/timm VGG: the conv trunk, with or without BatchNorm. */
export function checkVgg(config: Json, ex: TensorExpect): WeightsCheck {
  const a = arch(config);
  const withBn = a.endsWith('_bn');
  const stages = vggCfgs[withBn ? a.slice(0, -3) : a];
  if (!stages) throw ex.fail(`unsupported VGG '${a}'`);
  let idx = 0;
  let cin = 3;
  for (const stage of stages) {
    for (const cout of stage) {
      ex.shape(`features.${idx}.weight`, [cout, cin, 3, 3], `${a}`);
      if (withBn) ex.shape(`features.${idx + 1}.running_mean`, [cout], `${a} has BatchNorm after each convolution`);
      else ex.absent(`features.${idx + 1}.running_mean`, `${a} has no BatchNorm (the architecture would end in _bn)`);
      idx += withBn ? 3 : 2;
      cin = cout;
    }
    idx += 1;
  }
  const convs = stages.flat().length;
  const extra = ex
    .names()
    .filter((n) => /^features\.\d+\.weight$/.test(n) && Number(n.split('.')[1]) >= idx);
  if (extra.length) throw ex.fail(`model.safetensors has convolution '${extra[0]}' past the ${convs} of ${a}`);
  // The classifier's width is read from the weights (4096 in torchvision/timm, narrower in small test models).
  const tv = ex.has('classifier.0.weight');
  const fc1 = tv ? 'classifier.0.weight' : 'pre_logits.fc1.weight';
  const hidden = ex.shapeOf(fc1)?.[0];
  if (hidden === undefined) throw ex.fail(`${a}: found neither torchvision 'classifier.0.weight' nor timm 'pre_logits.fc1.weight'`);
  ex.shape(fc1, tv ? [hidden, 512 * 7 * 7] : [hidden, 512, 7, 7], `${a}: the last stage gives 512 channels pooled to 7×7`);
  ex.shape(tv ? 'classifier.3.weight' : 'pre_logits.fc2.weight', tv ? [hidden, hidden] : [hidden, hidden, 1, 1], `${a}: ${hidden} hidden units`);
  checkHead(ex, config, tv ? 'classifier.6.weight' : 'head.fc.weight', hidden, `${hidden} features`);
  return { featureDim: hidden };
}

/** timm or transformers ViT: width, patch, token count, depth, MLP width. */
export function checkVit(config: Json, ex: TensorExpect): WeightsCheck {
  const timm = typeof config.architecture === 'string';
  const cfg = timm ? timmVitConfig(config) : hfVitConfig(config);
  if (!timm && ex.has('vit.embeddings.cls_token')) ex.prefix = 'vit.';
  const { dim: d, patchSize: p, imgSize, depth } = cfg;
  const f = timm
    ? { dim: 'embed_dim', patch: 'patch_size', img: 'img_size', depth: 'depth', mlp: 'mlp_ratio', heads: 'num_heads' }
    : { dim: 'hidden_size', patch: 'patch_size', img: 'image_size', depth: 'num_hidden_layers', mlp: 'intermediate_size', heads: 'num_attention_heads' };
  if (d % cfg.heads !== 0) throw ex.fail(`config.json ${f.dim} ${d} is not divisible by ${f.heads} ${cfg.heads}`);
  if (imgSize < inputSideRange.min || imgSize > inputSideRange.max) {
    throw ex.fail(`config.json ${f.img} is ${imgSize}; it must be from ${inputSideRange.min} to ${inputSideRange.max} pixels`);
  }
  if (imgSize % p !== 0) throw ex.fail(`config.json ${f.img} ${imgSize} is not a multiple of ${f.patch} ${p}`);
  const tokens = (imgSize / p) ** 2 + 1;
  const names = timm
    ? { patch: 'patch_embed.proj.weight', cls: 'cls_token', pos: 'pos_embed', q: (i: number) => `blocks.${i}.attn.qkv.weight`, fc1: 'blocks.0.mlp.fc1.weight' }
    : {
        patch: 'embeddings.patch_embeddings.projection.weight',
        cls: 'embeddings.cls_token',
        pos: 'embeddings.position_embeddings',
        q: (i: number) => `encoder.layer.${i}.attention.attention.query.weight`,
        fc1: 'encoder.layer.0.intermediate.dense.weight',
      };
  ex.shape(names.patch, [d, 3, p, p], `${f.dim} ${d}, ${f.patch} ${p}`);
  ex.shape(names.cls, [1, 1, d], `${f.dim} ${d}`);
  ex.shape(names.pos, [1, tokens, d], `${f.img} ${imgSize} in ${p}px patches: ${tokens} tokens of ${d}`);
  ex.shape(names.q(depth - 1), timm ? [3 * d, d] : [d, d], `${f.depth} ${depth}, ${f.dim} ${d}`);
  ex.absent(names.q(depth), `${f.depth} is ${depth}`);
  ex.shape(names.fc1, [cfg.mlpDim, d], `${f.mlp} → MLP width ${cfg.mlpDim}`);
  return { featureDim: d };
}
