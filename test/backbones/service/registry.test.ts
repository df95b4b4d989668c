import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync, truncateSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/db';
import { backbonesRepo } from '../../../electron/core/store/repos/backbones';
import { addFolder, resolveBackbone } from '../../../electron/core/backbones/service/registry';
import { describeFolder, detectFamily, licenceFromReadme } from '../../../electron/core/backbones/service/inspect';
import { backboneSlug, folderSlugSource } from '../../../electron/core/backbones/service/slug';
import { useTmpDirs } from '../../helpers/tmp';
import { parityDir } from './fixture-repo';

const tmp = useTmpDirs();
const db = () => openDatabase(join(tmp(), 'studio.db'));
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A writable copy of a parity fixture, so a test can break it. */
function copyOf(name: string): string {
  const dir = join(tmp(), name);
  cpSync(parityDir(name), dir, { recursive: true });
  return dir;
}

describe('detectFamily (config.json alone)', () => {
  it('reads timm and transformers configs, with the feature width the brief defines', () => {
    expect(detectFamily({ architecture: 'resnet50', num_features: 2048 }, 'x')).toMatchObject({ family: 'resnet', featureDim: 2048, modality: 'image' });
    expect(detectFamily({ architecture: 'resnet18' }, 'x')).toMatchObject({ family: 'resnet', featureDim: 512 });
    expect(detectFamily({ architecture: 'vgg16_bn', num_features: 512 }, 'x')).toMatchObject({ family: 'vgg', featureDim: 4096, architecture: 'vgg16_bn' });
    // model_args overrides the architecture's default width (the timm-vit fixture's case).
    expect(detectFamily({ architecture: 'vit_base_patch16_224', model_args: { embed_dim: 64 } }, 'x')).toMatchObject({ family: 'vit', featureDim: 64 });
    expect(detectFamily({ architecture: 'vit_small_patch16_224.augreg_in21k' }, 'x')).toMatchObject({ family: 'vit', featureDim: 384 });
    expect(detectFamily({ model_type: 'vit', hidden_size: 768 }, 'x')).toMatchObject({ family: 'vit', featureDim: 768 });
    expect(detectFamily({ model_type: 'bert', hidden_size: 64 }, 'x')).toMatchObject({ family: 'bert', modality: 'text', featureDim: 64 });
    expect(detectFamily({ model_type: 'gpt2', n_embd: 768 }, 'x')).toMatchObject({ family: 'gpt2', featureDim: 768 });
  });

  it('names what is unsupported', () => {
    expect(() => detectFamily({ architecture: 'efficientnet_b0' }, 'x')).toThrow(/timm architecture "efficientnet_b0" is not supported/);
    expect(() => detectFamily({ model_type: 'roberta' }, 'x')).toThrow(/model_type "roberta" is not supported/);
    expect(() => detectFamily({ model_type: 'bert' }, 'x')).toThrow(/"hidden_size" must be a positive integer/);
    expect(() => detectFamily({}, 'x')).toThrow(/names no model/);
  });
});

describe('slugs and licences', () => {
  it('makes stable ids from repo ids and folder names, and reads hub snapshot folders by their repo', () => {
    expect(backboneSlug('timm/resnet50.a1_in1k')).toBe('timm--resnet50.a1_in1k');
    expect(backboneSlug('My Model (copy)')).toBe('my-model-copy');
    expect(folderSlugSource('/x/hub/models--google-bert--bert-base-uncased/snapshots/' + 'a'.repeat(40))).toBe('google-bert/bert-base-uncased');
    expect(folderSlugSource('/home/me/models/timm-vit/')).toBe('timm-vit');
  });

  it('reads the licence from a model card front matter', () => {
    expect(licenceFromReadme('---\nlibrary_name: timm\nlicense: apache-2.0\ntags: [x]\n---\n# Model')).toBe('apache-2.0');
    expect(licenceFromReadme('# no front matter\nlicense: mit')).toBeNull();
  });
});

describe('addFolder', () => {
  it('records a timm ViT folder: family, feature size, sha256 of the weights, size and licence from pretrained_cfg', async () => {
    const d = db();
    const dir = parityDir('timm-vit');
    const b = await addFolder(d, dir);
    expect(b).toMatchObject({ id: 'timm-vit', family: 'vit', modality: 'image', featureDim: 64, source: 'local', licence: 'apache-2.0', path: dir });
    expect(b.weightsHash).toBe(sha(join(dir, 'model.safetensors')));
    expect(b.sizeBytes).toBeGreaterThan(statSync(join(dir, 'model.safetensors')).size);
    // Adding it again refreshes the same row.
    const again = await addFolder(d, dir, { name: 'renamed' });
    expect(again.id).toBe('timm-vit');
    expect(again.name).toBe('renamed');
    expect(resolveBackbone(d, 'timm-vit').dir).toBe(dir);
  });

  it('records text backbones (they need their tokenizer)', async () => {
    const d = db();
    expect(await addFolder(d, parityDir('hf-bert'))).toMatchObject({ family: 'bert', modality: 'text', featureDim: 64, licence: null });
    expect(await addFolder(d, parityDir('hf-gpt2'))).toMatchObject({ family: 'gpt2', featureDim: 64 });
    const noTok = copyOf('hf-bert');
    for (const f of ['tokenizer.json', 'vocab.txt']) rmSync(join(noTok, f));
    await expect(addFolder(d, noTok)).rejects.toThrow(/bert model but no tokenizer/);
  });

  it('refuses what is not a backbone folder, each with a specific reason', async () => {
    const d = db();
    await expect(addFolder(d, join(tmp(), 'nope'))).rejects.toThrow(/does not exist/);
    await expect(addFolder(d, tmp())).rejects.toThrow(/config\.json and model\.safetensors missing/);
    const badJson = copyOf('timm-vit');
    writeFileSync(join(badJson, 'config.json'), '{ not json');
    await expect(addFolder(d, badJson)).rejects.toThrow(/config\.json is not valid JSON/);
    const truncated = copyOf('timm-vit');
    truncateSync(join(truncated, 'model.safetensors'), 4);
    await expect(addFolder(d, truncated)).rejects.toMatchObject({ code: 'bad_input' });
    const unsupported = copyOf('timm-vit');
    writeFileSync(join(unsupported, 'config.json'), JSON.stringify({ architecture: 'convnext_tiny' }));
    await expect(addFolder(d, unsupported)).rejects.toThrow(/convnext_tiny" is not supported/);
    expect(backbonesRepo(d).list()).toEqual([]);
  });

  it('describeFolder reads no weights: only the safetensors header', async () => {
    const desc = await describeFolder(parityDir('hf-gpt2'));
    expect(desc.architecture).toBe('gpt2');
    expect(desc.config.n_embd).toBe(64);
  });

  it('resolveBackbone takes a folder, an id, or explains', async () => {
    const d = db();
    expect(resolveBackbone(d, parityDir('hf-bert')).dir).toBe(parityDir('hf-bert'));
    expect(() => resolveBackbone(d, 'no-such-backbone')).toThrow(/No backbone "no-such-backbone"/);
    const moved = copyOf('hf-bert');
    await addFolder(d, moved, { id: 'moved' });
    rmSync(moved, { recursive: true });
    expect(() => resolveBackbone(d, 'moved')).toThrow(/no longer exists/);
  });
});
