import { describe, expect, it } from 'vitest';
import { exportConfig } from '../../electron/core/export/config';
import { headNamesFor } from '../../electron/core/export/head-names';
import { modelCard } from '../../electron/core/export/model-card';
import { predictionsCsv, csvField } from '../../electron/core/predict/csv';
import type { BackboneInfo } from '../../electron/core/backbones/types';
import type { RunSummary } from '../../shared/domain/run';

const info = (family: BackboneInfo['family'], extra: Partial<BackboneInfo> = {}): BackboneInfo => ({
  family,
  modality: family === 'bert' || family === 'gpt2' ? 'text' : 'image',
  architecture: family,
  featureDim: 8,
  numBlocks: 4,
  defaultFinetuneBlocks: 1,
  ...extra,
});

describe('export config.json', () => {
  const pre = { size: [32, 32] as [number, number], mean: [0.5, 0.5, 0.5] as [number, number, number], std: [0.25, 0.25, 0.25] as [number, number, number], cropPct: 1 };

  it('timm: classifier resized everywhere timm reads it, labels and preprocessing named, the original untouched', () => {
    const original = { architecture: 'resnet18', num_classes: 5, model_args: { layers: [1, 1, 1, 1], num_classes: 5 }, pretrained_cfg: { num_classes: 5, mean: [0.2] } };
    const cfg = exportConfig(original, ['a', 'b'], pre, info('resnet'));
    expect(cfg.num_classes).toBe(2);
    expect(cfg.label_names).toEqual(['a', 'b']);
    expect((cfg.model_args as { num_classes: number }).num_classes).toBe(2);
    expect((cfg.pretrained_cfg as { num_classes: number }).num_classes).toBe(2);
    expect((cfg.preprocessing as { input_size: number[] }).input_size).toEqual([3, 32, 32]);
    expect(original.num_classes).toBe(5);
  });

  it('transformers: id2label / label2id / num_labels instead of num_classes', () => {
    const cfg = exportConfig({ model_type: 'bert', hidden_size: 8 }, ['neg', 'pos'], null, info('bert'));
    expect(cfg.id2label).toEqual({ 0: 'neg', 1: 'pos' });
    expect(cfg.label2id).toEqual({ neg: 0, pos: 1 });
    expect(cfg.num_labels).toBe(2);
    expect(cfg.num_classes).toBeUndefined();
  });

  it('names the classifier the way each hub family does', () => {
    expect(headNamesFor(info('resnet'), new Set())).toEqual({ weight: 'fc.weight', bias: 'fc.bias' });
    expect(headNamesFor(info('vgg'), new Set(['classifier.0.weight']))).toEqual({ weight: 'classifier.6.weight', bias: 'classifier.6.bias' });
    expect(headNamesFor(info('vgg'), new Set(['pre_logits.fc1.weight']))).toEqual({ weight: 'head.fc.weight', bias: 'head.fc.bias' });
    expect(headNamesFor(info('vit'), new Set(['blocks.0.attn.qkv.weight'])).weight).toBe('head.weight');
    expect(headNamesFor(info('vit'), new Set(['vit.embeddings.cls_token'])).weight).toBe('classifier.weight');
    expect(headNamesFor(info('bert'), new Set()).weight).toBe('classifier.weight');
    expect(headNamesFor(info('resnet', { headNames: { weight: 'x.weight', bias: 'x.bias' } }), new Set()).weight).toBe('x.weight');
  });
});

describe('model card', () => {
  const run: RunSummary = {
    id: 4,
    datasetId: 1,
    datasetName: 'shoes',
    snapshotId: 2,
    backboneId: 'starter',
    mode: 'probe',
    status: 'completed',
    params: { options: { epochs: 10, seed: 3 } },
    metrics: { valAccuracy: 0.9, testAccuracy: 0.875, trunkSeconds: 2, headSeconds: 1, bestEpoch: 7 },
    backend: 'wasm',
    error: null,
    createdAt: 'x',
    startedAt: 'x',
    finishedAt: 'x',
  };
  it('states labels, preprocessing, data, metrics, backend and how to load', () => {
    const card = modelCard({
      run,
      format: 'safetensors',
      labels: ['boot', 'sandal'],
      backbone: { id: 'starter', name: 'Starter', family: 'resnet', source: 'local', license: 'mit' },
      preprocessing: { size: [32, 32], mean: [0.28], std: [0.35], cropPct: 1 },
      data: { datasetName: 'shoes', snapshotId: 2, counts: { train: 80, val: 10, test: 10 } },
      evaluation: {
        runId: 4,
        status: 'completed',
        subset: 'test',
        error: null,
        seconds: 1,
        report: { accuracy: 0.875, labels: ['boot', 'sandal'], confusion: [[4, 1], [0, 3]], perClass: { boot: { precision: 1, recall: 0.8, f1: 0.889, support: 5 }, sandal: { precision: 0.75, recall: 1, f1: 0.857, support: 3 } }, macroF1: 0.87, count: 8 },
      },
      files: ['model.safetensors', 'config.json', 'README.md'],
    });
    for (const s of ['0. boot', '1. sandal', '32×32', 'mean [0.28]', '80 train', 'Test accuracy: 87.5 %', 'Backend: wasm', '| boot | 1.000 | 0.800 | 0.889 | 5 |', 'strict=True', 'license: mit']) expect(card).toContain(s);
  });
});

describe('predictions CSV', () => {
  it('quotes what needs quoting and pads missing top-k columns', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    const csv = predictionsCsv([{ file: 'x, y.png', label: 'boot', score: 0.5, top: [{ label: 'boot', score: 0.5 }] }], 2);
    expect(csv).toBe('file,label,score,label_2,score_2\n"x, y.png",boot,0.500000,,\n');
  });
});
