import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finetuneBlocksOf } from '../../../electron/core/backbones/service/blocks';
import { loadBackbone } from '../../../electron/core/backbones/load';
import { toSummary } from '../../../electron/core/backbones/service/registry';

const starter = join(import.meta.dirname, '..', '..', '..', 'resources', 'backbones', 'starter-resnet');

describe('finetune blocks from config.json alone (what backbones.list offers the Train form)', () => {
  it('matches what the loaded model reports, for the starter ResNet', async () => {
    const config = JSON.parse(readFileSync(join(starter, 'config.json'), 'utf8')) as Record<string, unknown>;
    const loaded = await loadBackbone(starter);
    try {
      expect(finetuneBlocksOf({ family: 'resnet', config })).toEqual({ numBlocks: loaded.backbone.info.numBlocks, defaultFinetuneBlocks: loaded.backbone.info.defaultFinetuneBlocks });
    } finally {
      loaded.backbone.dispose();
    }
  });

  it('counts each family as its builder does, and says nothing when the config does not tell', () => {
    expect(finetuneBlocksOf({ family: 'resnet', config: { architecture: 'resnet50.a1_in1k' } })).toEqual({ numBlocks: 17, defaultFinetuneBlocks: 3 });
    expect(finetuneBlocksOf({ family: 'vgg', config: { architecture: 'vgg16' } })).toEqual({ numBlocks: 7, defaultFinetuneBlocks: 1 });
    expect(finetuneBlocksOf({ family: 'vit', config: { architecture: 'vit_base_patch16_224' } })).toEqual({ numBlocks: 13, defaultFinetuneBlocks: 2 });
    expect(finetuneBlocksOf({ family: 'bert', config: { model_type: 'bert', vocab_size: 100, hidden_size: 32, num_attention_heads: 2, num_hidden_layers: 3 } })).toEqual({ numBlocks: 3, defaultFinetuneBlocks: 2 });
    expect(finetuneBlocksOf({ family: 'gpt2', config: { model_type: 'gpt2', n_layer: 1, n_embd: 32, n_head: 2 } })).toEqual({ numBlocks: 1, defaultFinetuneBlocks: 1 });
    expect(finetuneBlocksOf({ family: 'resnet', config: {} })).toBeNull();
    // The summary carries the counts when known and leaves them out otherwise (optional fields).
    const row = { id: 'x', name: 'x', source: 'local', path: '/x', weightsHash: 'h', featureDim: 2048, sizeBytes: 1, license: null, createdAt: 'now' };
    expect(toSummary({ ...row, family: 'resnet', config: { architecture: 'resnet50' } })).toMatchObject({ numBlocks: 17, defaultFinetuneBlocks: 3 });
    expect(toSummary({ ...row, family: 'resnet', config: {} })).not.toHaveProperty('numBlocks');
  });
});
