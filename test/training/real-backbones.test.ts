import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { tempDir } from './helpers/fixture';
import { addBackbone, epochSeries, importPath, trainRun, writePatternFolder, writeTextCsv } from './helpers/real-path';

/**
 * The engine on the real families, through the real path (import → backbones.addLocal → training
 * process with the backbones package's loadBackbone and preprocessing): a tiny timm ViT and a tiny
 * BERT from the parity fixtures, probe and finetune each. The starter ResNet is covered by the
 * Fashion-MNIST acceptance test (fmnist-probe.test.ts).
 */
const parity = join(import.meta.dirname, '..', 'fixtures', 'parity');
let core: Core;

beforeAll(() => {
  core = openCore({ dataDir: tempDir('studio-real-'), workers: { env: { STUDIO_BACKEND: 'wasm', STUDIO_BACKBONE_LOADER: '' } } });
});
afterAll(async () => {
  await core?.close();
});

/** The epoch-by-epoch SGD path on the snapshot's split, one learning rate (the default is the exact probe / LP-FT, covered in fewshot-acceptance). */
const sgd = { headSolver: 'sgd', minSteps: 0, validation: 'split' } as const;

/** The last epoch's training loss is at least 5 % below the first's. */
const falls = (xs: number[]) => xs.length >= 2 && xs[xs.length - 1]! < xs[0]! * 0.95;

describe('real backbones in the training process (wasm)', () => {
  it('timm ViT: probe and finetune of the last 2 blocks train on the package preprocessing (32 px, bicubic, crop 0.9)', async () => {
    const ds = await importPath(core, await writePatternFolder(join(tempDir(), 'patterns')));
    const backboneId = await addBackbone(core, join(parity, 'timm-vit'));
    // The default probe: exact logistic regression on view 0 only (augmentation views would be computed for nothing).
    const probe = await trainRun(core, { datasetId: ds.datasetId, backboneId, mode: 'probe', options: { augmentViews: 2 } });
    expect(probe.backend).toBe('wasm');
    expect(probe.metrics.trunkComputations).toBe(36); // 3 classes × 12 images, one view each
    expect(probe.metrics.trainAccuracy).toBeGreaterThan(0.9);
    expect((probe.params.decision as { policy: string }).policy).toBe('cv');
    // The SGD head still trains epoch by epoch when asked for.
    const sgdProbe = await trainRun(core, { datasetId: ds.datasetId, backboneId, mode: 'probe', options: { ...sgd, epochs: 15, patience: 0, augmentViews: 2, batchSize: 8, learningRate: 3e-2, dropout: 0 } });
    // Train items get 2 views, the rest 1 (view 0 of every item is already cached).
    expect(sgdProbe.metrics.trunkComputations).toBeGreaterThan(0);
    expect(sgdProbe.metrics.trunkComputations).toBeLessThan(36);
    expect(falls(epochSeries(core, sgdProbe.id, 'trainLoss'))).toBe(true);
    const ft = await trainRun(core, { datasetId: ds.datasetId, backboneId, mode: 'finetune', options: { ...sgd, epochs: 8, patience: 0, augmentViews: 1, learningRate: 1e-3, labelSmoothing: 0 } });
    expect((ft.params.resolved as { cut: number; numBlocks: number }).cut).toBe((ft.params.resolved as { numBlocks: number }).numBlocks - 2);
    const losses = epochSeries(core, ft.id, 'trainLoss');
    expect(losses).toHaveLength(8);
    expect(losses[7]!).toBeLessThan(losses[0]! * 0.9);
    expect(ft.metrics.testAccuracy).toBeGreaterThanOrEqual(0);
  }, 90_000);

  it('hf BERT on a text CSV: probe and finetune through the tokenizer loadBackbone returns', async () => {
    const dir = tempDir();
    const ds = await importPath(core, writeTextCsv(join(dir, 'texts.csv')));
    expect(Object.keys(ds.classes).sort()).toEqual(['review', 'spam']);
    const backboneId = await addBackbone(core, join(parity, 'hf-bert'));
    // maxLength 128 is asked for; the model has 64 positions, so the engine must clip to them.
    const probe = await trainRun(core, { datasetId: ds.datasetId, backboneId, mode: 'probe', options: { maxLength: 128 } });
    expect(probe.metrics.trainAccuracy).toBeGreaterThan(0.9);
    expect(probe.metrics.cvAccuracy).toBeGreaterThan(0.5);
    const ft = await trainRun(core, { datasetId: ds.datasetId, backboneId, mode: 'finetune', options: { ...sgd, epochs: 12, patience: 0, maxLength: 16, batchSize: 8, learningRate: 2e-3, labelSmoothing: 0, backboneLrScale: 1 } });
    const losses = epochSeries(core, ft.id, 'trainLoss');
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.9);
    expect(ft.metrics.testAccuracy).toBeGreaterThan(0.5);
  }, 90_000);
});
