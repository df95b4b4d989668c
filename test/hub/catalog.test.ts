import { describe, expect, it } from 'vitest';
import { BACKBONE_CATALOG, backboneFileSelection, BACKBONE_OPTIONAL_FILES, findCatalogEntry } from '../../electron/core/hub';

describe('backbone catalog', () => {
  it('lists the canonical checkpoints with their licences and feature widths', () => {
    const byRepo = Object.fromEntries(BACKBONE_CATALOG.map((e) => [e.repo, [e.family, e.licence, e.featureDim]]));
    expect(byRepo).toEqual({
      'timm/resnet50.a1_in1k': ['resnet', 'apache-2.0', 2048],
      'timm/vgg16.tv_in1k': ['vgg', 'bsd-3-clause', 4096],
      'timm/vit_base_patch16_224.augreg2_in21k_ft_in1k': ['vit', 'apache-2.0', 768],
      'google/vit-base-patch16-224-in21k': ['vit', 'apache-2.0', 768],
      'google-bert/bert-base-uncased': ['bert', 'apache-2.0', 768],
      'openai-community/gpt2': ['gpt2', 'mit', 768],
    });
  });

  it('gives every entry weights, config, the tokenizer/preprocessor files it needs, a size and a one-line description', () => {
    for (const e of BACKBONE_CATALOG) {
      expect(e.files).toContain('model.safetensors');
      expect(e.files).toContain('config.json');
      expect(e.downloadBytes).toBeGreaterThan(50_000_000);
      expect(e.description.length).toBeGreaterThan(20);
      expect(e.description).not.toContain('\n');
      expect(new Set(BACKBONE_CATALOG.map((x) => x.key)).size).toBe(BACKBONE_CATALOG.length);
    }
    expect(findCatalogEntry('google-bert/bert-base-uncased')!.files).toContain('vocab.txt');
    expect(findCatalogEntry('openai-community/gpt2')!.files).toEqual(expect.arrayContaining(['vocab.json', 'merges.txt']));
    expect(findCatalogEntry('google/vit-base-patch16-224-in21k')!.files).toContain('preprocessor_config.json');
    expect(findCatalogEntry('google/vit-base-patch16-224-in21k')!.modality).toBe('image');
    expect(findCatalogEntry('GPT2')!.repo).toBe('openai-community/gpt2');
    expect(findCatalogEntry('nobody/nothing')).toBeUndefined();
  });

  it('selects files for presets and for any other repo', () => {
    expect(backboneFileSelection('timm/resnet50.a1_in1k')).toEqual({ files: ['model.safetensors', 'config.json'], optionalFiles: [] });
    const other = backboneFileSelection('someone/custom-bert');
    expect(other.files).toEqual(['model.safetensors', 'config.json']);
    expect(other.optionalFiles).toEqual([...BACKBONE_OPTIONAL_FILES]);
  });
});
