import { describe, it, expect } from 'vitest';
import { changedOptions, fieldError, hasErrors, initialAdvanced, trainDefaults } from '../../../renderer/src/training/advanced-options';
import { trainOptionsSchema } from '../../../shared/api/methods/training';

describe('Train form advanced settings', () => {
  it('sends nothing when nothing changed, and only what changed otherwise', () => {
    expect(changedOptions(initialAdvanced(), 'probe', true)).toEqual({});
    const v = { ...initialAdvanced(), epochs: '3', learningRate: '0.01', hiddenUnits: '8', batchSize: '', finetuneBlocks: '2', augment: false, classWeights: false };
    expect(changedOptions(v, 'probe', true)).toEqual({ epochs: 3, learningRate: 0.01, hiddenUnits: 8, augmentViews: 1, classWeights: false });
    // Blocks only count in finetune; augmentation only for images.
    expect(changedOptions(v, 'finetune', false)).toEqual({ epochs: 3, learningRate: 0.01, hiddenUnits: 8, finetuneBlocks: 2, classWeights: false });
    // What it sends, the core accepts.
    expect(trainOptionsSchema.parse(changedOptions(v, 'finetune', true))).toMatchObject({ epochs: 3, finetuneBlocks: 2, dropout: trainDefaults.dropout });
  });

  it('the SGD head and the validation policy are overridable, and sent only when changed', () => {
    expect(initialAdvanced().exactHead).toBe(true);
    expect(initialAdvanced().validation).toBe('auto');
    const v = { ...initialAdvanced(), exactHead: false, validation: 'cv' as const };
    expect(changedOptions(v, 'probe', true)).toEqual({ headSolver: 'sgd', validation: 'cv' });
    expect(trainOptionsSchema.parse(changedOptions(v, 'probe', true))).toMatchObject({ headSolver: 'sgd', validation: 'cv' });
  });

  it('explains a bad value per field and within the core’s own limits', () => {
    expect(fieldError('epochs', '0')).toBe('Epochs must be at least 1.');
    expect(fieldError('epochs', '2.5')).toBe('Epochs must be a whole number.');
    expect(fieldError('epochs', '')).toMatch(/needed/);
    expect(fieldError('learningRate', '0')).toBe('The learning rate must be above 0.');
    expect(fieldError('learningRate', 'fast')).toBe('The learning rate must be a number.');
    expect(fieldError('learningRate', '')).toBeNull();
    expect(fieldError('dropout', '2')).toBe('Dropout must be at most 0.9.');
    expect(fieldError('finetuneBlocks', '9', 4)).toBe('This backbone has 4 blocks; train at most 4.');
    expect(fieldError('finetuneBlocks', '4', 4)).toBeNull();
    expect(hasErrors({ ...initialAdvanced(), finetuneBlocks: '9' }, 'probe', 4)).toBe(false);
    expect(hasErrors({ ...initialAdvanced(), finetuneBlocks: '9' }, 'finetune', 4)).toBe(true);
  });
});
