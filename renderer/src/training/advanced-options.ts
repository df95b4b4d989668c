import { trainOptionsSchema, type TrainOptionsInput } from '../../../shared/api/methods/training';

/** The defaults the core applies: what every advanced field starts at and is compared against. */
export const trainDefaults = trainOptionsSchema.parse({});

export type Mode = 'probe' | 'finetune' | 'full';

/** Plain-language hint per mode, under the mode switch. */
export const modeHints: Record<Mode, string> = {
  probe: 'Fastest: the backbone stays frozen and only a small classifier on top learns. A good first try.',
  finetune:
    'Starts from the probe, then also retrains the last few blocks of the backbone: slower, often more accurate on pictures unlike the backbone’s own. If it does not beat the probe on held-out images, the probe is kept.',
  full: 'Retrains the whole backbone: slowest, and needs the most data to beat the other two.',
};

/** Text fields hold what the user typed; '' means "keep the default" for the optional ones. */
export interface AdvancedValues {
  epochs: string;
  learningRate: string;
  batchSize: string;
  hiddenUnits: string;
  dropout: string;
  labelSmoothing: string;
  patience: string;
  seed: string;
  finetuneBlocks: string;
  classWeights: boolean;
  augment: boolean;
  /** Fit the linear head exactly (logistic regression to convergence) rather than by SGD. */
  exactHead: boolean;
  validation: 'auto' | 'split' | 'cv';
}

export const initialAdvanced = (): AdvancedValues => ({
  epochs: String(trainDefaults.epochs),
  learningRate: '',
  batchSize: '',
  hiddenUnits: String(trainDefaults.hiddenUnits),
  dropout: String(trainDefaults.dropout),
  labelSmoothing: String(trainDefaults.labelSmoothing),
  patience: String(trainDefaults.patience),
  seed: String(trainDefaults.seed),
  finetuneBlocks: '',
  classWeights: trainDefaults.classWeights,
  augment: trainDefaults.augmentViews > 1,
  exactHead: trainDefaults.headSolver === 'exact',
  validation: trainDefaults.validation,
});

export type NumericField = Exclude<keyof AdvancedValues, 'classWeights' | 'augment' | 'exactHead' | 'validation'>;

interface Rule {
  int: boolean;
  min: number;
  max: number;
  /** Greater than min (learning rate). */
  exclusiveMin?: boolean;
  optional?: boolean;
  what: string;
}

const rules: Record<NumericField, Rule> = {
  epochs: { int: true, min: 1, max: 1000, what: 'Epochs' },
  learningRate: { int: false, min: 0, max: 10, exclusiveMin: true, optional: true, what: 'The learning rate' },
  batchSize: { int: true, min: 1, max: 4096, optional: true, what: 'Batch size' },
  hiddenUnits: { int: true, min: 0, max: 8192, what: 'Hidden layer size' },
  dropout: { int: false, min: 0, max: 0.9, what: 'Dropout' },
  labelSmoothing: { int: false, min: 0, max: 0.5, what: 'Label smoothing' },
  patience: { int: true, min: 0, max: 1000, what: 'Patience' },
  seed: { int: true, min: 0, max: 2 ** 31 - 1, what: 'The seed' },
  finetuneBlocks: { int: true, min: 1, max: 1000, optional: true, what: 'Blocks to train' },
};

/** A helpful message for a bad value, or null when it is fine. `maxBlocks` narrows finetuneBlocks to the backbone's depth. */
export function fieldError(field: NumericField, raw: string, maxBlocks?: number): string | null {
  const r = rules[field];
  const max = field === 'finetuneBlocks' && maxBlocks ? Math.min(r.max, maxBlocks) : r.max;
  const text = raw.trim();
  if (text === '') return r.optional ? null : `${r.what} is needed (default ${String(trainDefaults[field as keyof typeof trainDefaults])}).`;
  const v = Number(text);
  if (!Number.isFinite(v)) return `${r.what} must be a number.`;
  if (r.int && !Number.isInteger(v)) return `${r.what} must be a whole number.`;
  if (r.exclusiveMin ? v <= r.min : v < r.min) return r.exclusiveMin ? `${r.what} must be above ${r.min}.` : `${r.what} must be at least ${r.min}.`;
  if (v > max) return field === 'finetuneBlocks' && maxBlocks ? `This backbone has ${maxBlocks} blocks; train at most ${maxBlocks}.` : `${r.what} must be at most ${max}.`;
  return null;
}

export function hasErrors(v: AdvancedValues, mode: Mode, maxBlocks?: number): boolean {
  return (Object.keys(rules) as NumericField[]).some((f) => (f !== 'finetuneBlocks' || mode === 'finetune') && fieldError(f, v[f], maxBlocks) !== null);
}

/** Only what differs from the defaults, so a run's stored options say what the user chose. */
export function changedOptions(v: AdvancedValues, mode: Mode, isImage: boolean): TrainOptionsInput {
  const out: TrainOptionsInput = {};
  const num = (f: NumericField) => Number(v[f].trim());
  for (const f of ['epochs', 'hiddenUnits', 'dropout', 'labelSmoothing', 'patience', 'seed'] as const) {
    if (num(f) !== trainDefaults[f]) out[f] = num(f);
  }
  if (v.learningRate.trim() !== '') out.learningRate = num('learningRate');
  if (v.batchSize.trim() !== '') out.batchSize = num('batchSize');
  if (mode === 'finetune' && v.finetuneBlocks.trim() !== '') out.finetuneBlocks = num('finetuneBlocks');
  if (v.classWeights !== trainDefaults.classWeights) out.classWeights = v.classWeights;
  if (isImage && !v.augment) out.augmentViews = 1;
  if (v.exactHead !== (trainDefaults.headSolver === 'exact')) out.headSolver = v.exactHead ? 'exact' : 'sgd';
  if (v.validation !== trainDefaults.validation) out.validation = v.validation;
  return out;
}

export function isDefault(v: AdvancedValues): boolean {
  return JSON.stringify(v) === JSON.stringify(initialAdvanced());
}

/** The validation policy's words, which name what the dataset holds (a text run has no images). */
export function validationCopy(isImage: boolean): { auto: string; split: string; cv: string } {
  const item = isImage ? 'image' : 'text';
  return {
    auto: `Automatic: cross-validation when a label has fewer than 30 ${item}s.`,
    split: `Held-out validation and test ${item}s`,
    cv: `Cross-validation on every ${item}`,
  };
}
