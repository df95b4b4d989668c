import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFolder } from '../../../electron/core/backbones/service/inspect';
import { checkVgg } from '../../../electron/core/backbones/service/check-image-weights';
import { TensorExpect, type TensorIndex } from '../../../electron/core/backbones/service/tensor-expect';
import { vggCfgs } from '../../../electron/core/backbones/image/vgg-spec';
import { useTmpDirs } from '../../helpers/tmp';
import { parityDir } from './fixture-repo';

const tmp = useTmpDirs();
const starterDir = resolve('resources/backbones/starter-resnet');

/** A copy of a backbone folder whose config.json `edit` changes (the weights stay as they are). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test edits whatever field of config.json it breaks
function withConfig(src: string, edit: (c: Record<string, any>) => void): string {
  const dir = join(tmp(), 'bb');
  cpSync(src, dir, { recursive: true });
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  edit(config);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

describe('backbones add checks config.json against the tensors', () => {
  it('accepts every shipped and fixture backbone as it is, with the width its tensors give', async () => {
    expect(await describeFolder(starterDir)).toMatchObject({ family: 'resnet', featureDim: 256 });
    for (const [name, dim] of [['timm-vit', 64], ['hf-vit', 64], ['hf-bert', 64], ['hf-gpt2', 64]] as const) {
      expect(await describeFolder(parityDir(name)), name).toMatchObject({ featureDim: dim });
    }
  });

  it('ResNet: block counts, widths, block kind and num_features are checked, naming the tensor', async () => {
    await expect(describeFolder(withConfig(starterDir, (c) => (c.model_args.layers = [2, 1, 1, 1])))).rejects.toThrow(/'layer1\.1\.conv1\.weight'.*model\.safetensors does not have/);
    await expect(describeFolder(withConfig(starterDir, (c) => (c.model_args.channels = [32, 64, 128, 512])))).rejects.toThrow(
      /tensor 'layer4\.0\.conv1\.weight' has shape \[256, 128, 3, 3\], but config\.json .* implies \[512, 128, 3, 3\]/,
    );
    await expect(describeFolder(withConfig(starterDir, (c) => (c.num_features = 512)))).rejects.toThrow(/num_features is 512, but .*'layer4\.0\.conv2\.weight' gives 256/);
    await expect(describeFolder(withConfig(starterDir, (c) => (c.model_args.block = 'bottleneck')))).rejects.toThrow(/'layer1\.0\.conv1\.weight' has shape/);
    await expect(describeFolder(withConfig(starterDir, (c) => (c.model_args.stem_width = 32)))).rejects.toThrow(/'conv1\.weight'.*stem_width 32/);
    await expect(describeFolder(withConfig(starterDir, (c) => (c.num_classes = 9)))).rejects.toThrow(/'fc\.weight' has shape \[5, 256\].*num_classes 9/);
  });

  it('rejects input sizes no preprocessing can honour (input_size 100000 used to fail at train time)', async () => {
    await expect(describeFolder(withConfig(starterDir, (c) => (c.pretrained_cfg.input_size = [3, 100000, 100000])))).rejects.toThrow(
      /pretrained_cfg\.input_size asks for 100000; each side must be an integer from 8 to 4096/,
    );
    await expect(describeFolder(withConfig(starterDir, (c) => (c.pretrained_cfg.input_size = [1, 64, 64])))).rejects.toThrow(/only RGB/);
    await expect(describeFolder(withConfig(starterDir, (c) => (c.pretrained_cfg.crop_pct = 0)))).rejects.toThrow(/crop_pct/);
    await expect(describeFolder(withConfig(starterDir, (c) => (c.pretrained_cfg.std = [0, 1, 1])))).rejects.toThrow(/pretrained_cfg\.std/);
    await expect(describeFolder(withConfig(parityDir('hf-vit'), (c) => (c.image_size = 100000)))).rejects.toThrow(/image_size asks for 100000/);
    const pp = withConfig(parityDir('hf-vit'), () => {});
    writeFileSync(join(pp, 'preprocessor_config.json'), JSON.stringify({ size: { height: 100000, width: 32 } }));
    await expect(describeFolder(pp)).rejects.toThrow(/preprocessor_config\.json size\.height asks for 100000/);
  });

  it('ViT (timm and transformers): width, patch, tokens, depth, MLP', async () => {
    await expect(describeFolder(withConfig(parityDir('hf-vit'), (c) => (c.patch_size = 16)))).rejects.toThrow(/'embeddings\.patch_embeddings\.projection\.weight' has shape \[64, 3, 8, 8\]/);
    await expect(describeFolder(withConfig(parityDir('hf-vit'), (c) => (c.image_size = 64)))).rejects.toThrow(/'embeddings\.position_embeddings' has shape \[1, 17, 64\].*65 tokens/);
    await expect(describeFolder(withConfig(parityDir('hf-vit'), (c) => (c.num_hidden_layers = 1)))).rejects.toThrow(/has a tensor 'encoder\.layer\.1\.attention\.attention\.query\.weight', but config\.json says num_hidden_layers is 1/);
    await expect(describeFolder(withConfig(parityDir('hf-vit'), (c) => (c.intermediate_size = 256)))).rejects.toThrow(/'encoder\.layer\.0\.intermediate\.dense\.weight'/);
    await expect(describeFolder(withConfig(parityDir('timm-vit'), (c) => (c.model_args.depth = 5)))).rejects.toThrow(/'blocks\.4\.attn\.qkv\.weight'.*does not have/);
    await expect(describeFolder(withConfig(parityDir('timm-vit'), (c) => (c.model_args.embed_dim = 96)))).rejects.toThrow(/'patch_embed\.proj\.weight' has shape/);
  });

  it('BERT and GPT-2: vocabulary, positions, token types, layers, widths', async () => {
    await expect(describeFolder(withConfig(parityDir('hf-bert'), (c) => (c.vocab_size += 1)))).rejects.toThrow(/'embeddings\.word_embeddings\.weight' has shape .*vocab_size 1/);
    await expect(describeFolder(withConfig(parityDir('hf-bert'), (c) => (c.max_position_embeddings = 512)))).rejects.toThrow(/'embeddings\.position_embeddings\.weight'/);
    await expect(describeFolder(withConfig(parityDir('hf-bert'), (c) => (c.num_hidden_layers = 3)))).rejects.toThrow(/'encoder\.layer\.2\.attention\.self\.query\.weight'/);
    await expect(describeFolder(withConfig(parityDir('hf-bert'), (c) => (c.num_attention_heads = 5)))).rejects.toThrow(/not divisible by num_attention_heads 5/);
    await expect(describeFolder(withConfig(parityDir('hf-gpt2'), (c) => (c.n_positions = 1024)))).rejects.toThrow(/'wpe\.weight' has shape \[64, 64\].*n_positions 1024/);
    await expect(describeFolder(withConfig(parityDir('hf-gpt2'), (c) => (c.n_layer = 1)))).rejects.toThrow(/'h\.1\.attn\.c_attn\.weight', but config\.json says n_layer is 1/);
    await expect(describeFolder(withConfig(parityDir('hf-gpt2'), (c) => (c.n_inner = 100)))).rejects.toThrow(/'h\.0\.mlp\.c_fc\.weight'/);
  });

  it('VGG: every convolution, BatchNorm or not, and no convolution past the architecture (header only)', () => {
    /** torchvision's vgg11 header, without allocating a byte of weights. */
    const vgg11 = (bn: boolean) => {
      const shapes = new Map<string, number[]>();
      let idx = 0;
      let cin = 3;
      for (const stage of vggCfgs.vgg11!) {
        for (const cout of stage) {
          shapes.set(`features.${idx}.weight`, [cout, cin, 3, 3]);
          shapes.set(`features.${idx}.bias`, [cout]);
          if (bn) shapes.set(`features.${idx + 1}.running_mean`, [cout]);
          idx += bn ? 3 : 2;
          cin = cout;
        }
        idx += 1;
      }
      shapes.set('classifier.0.weight', [4096, 25088]);
      shapes.set('classifier.3.weight', [4096, 4096]);
      shapes.set('classifier.6.weight', [1000, 4096]);
      return shapes;
    };
    const index = (m: Map<string, number[]>): TensorIndex => ({ has: (n) => m.has(n), entry: (n) => ({ shape: m.get(n)! }), names: () => [...m.keys()] });
    expect(checkVgg({ architecture: 'vgg11' }, new TensorExpect(index(vgg11(false)), 'v'))).toEqual({ featureDim: 4096 });
    expect(checkVgg({ architecture: 'vgg11_bn' }, new TensorExpect(index(vgg11(true)), 'v'))).toEqual({ featureDim: 4096 });
    expect(() => checkVgg({ architecture: 'vgg11_bn' }, new TensorExpect(index(vgg11(false)), 'v'))).toThrow(/'features\.1\.running_mean'/);
    expect(() => checkVgg({ architecture: 'vgg11' }, new TensorExpect(index(vgg11(true)), 'v'))).toThrow(/'features\.1\.running_mean', but config\.json says vgg11 has no BatchNorm/);
    expect(() => checkVgg({ architecture: 'vgg13' }, new TensorExpect(index(vgg11(false)), 'v'))).toThrow(/'features\.2\.weight'/);
    const narrow = vgg11(false);
    narrow.set('classifier.3.weight', [4096, 512]);
    expect(() => checkVgg({ architecture: 'vgg11' }, new TensorExpect(index(narrow), 'v'))).toThrow(/'classifier\.3\.weight' has shape \[4096, 512\]/);
    const longer = vgg11(false);
    longer.set('features.99.weight', [512, 512, 3, 3]);
    expect(() => checkVgg({ architecture: 'vgg11' }, new TensorExpect(index(longer), 'v'))).toThrow(/convolution 'features\.99\.weight' past the 8 of vgg11/);
  });

  it('`studio backbones add` refuses a contradicting folder with one line naming the tensor', () => {
    const dir = withConfig(starterDir, (c) => (c.model_args.layers = [1, 1, 2, 1]));
    const r = spawnSync(process.execPath, ['bin/studio.mjs', '--data-dir', tmp(), 'backbones', 'add', dir], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/'layer3\.1\.conv1\.weight'/);
  });
});
