import { z } from 'zod';

/** Every knob has a default a non-coder never has to touch. */
export const trainOptionsSchema = z
  .object({
    epochs: z.number().int().min(1).max(1000).default(20),
    /** finetune: how many of the last blocks train (default: the family's). */
    finetuneBlocks: z.number().int().min(1).max(1000).optional(),
    /** Omit to size batches to memory. */
    batchSize: z.number().int().min(1).max(4096).optional(),
    learningRate: z.number().positive().max(10).optional(),
    weightDecay: z.number().min(0).max(1).default(0.01),
    /**
     * Classic L2 penalty added to the loss, l2/2 · Σ w² over weight matrices (biases and norm scales
     * excluded), as a logistic-regression probe has it; 0 = off (AdamW's decoupled decay regularises).
     */
    l2: z.number().min(0).max(10).default(0),
    warmupFraction: z.number().min(0).max(0.9).default(0.05),
    labelSmoothing: z.number().min(0).max(0.5).default(0.1),
    dropout: z.number().min(0).max(0.9).default(0.2),
    hiddenUnits: z.number().int().min(0).max(8192).default(0),
    classWeights: z.boolean().default(true),
    /** Image augmentation views cached per item (1 = none). */
    augmentViews: z.number().int().min(1).max(8).default(3),
    /** Early stopping on validation loss; the best epoch's weights are restored. */
    patience: z.number().int().min(0).max(1000).default(5),
    /**
     * Epoch checkpoints kept while a run trains, besides the best epoch's: the newest N (resume needs
     * the last one); 0 keeps every one. The rest are deleted as training goes.
     */
    keepCheckpoints: z.number().int().min(0).max(1000).default(1),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    /** Text: tokens per item. */
    maxLength: z.number().int().min(8).max(512).default(128),
    /**
     * How the linear head is fitted: 'exact' solves multinomial logistic regression on standardised
     * features to convergence (the probe, and finetune's starting head); 'sgd' trains it with AdamW
     * over epochs (always so with a hidden layer).
     */
    headSolver: z.enum(['exact', 'sgd']).default('exact'),
    /** Inverse regularisation strength of the exact head (scikit-learn's C); omit to choose it on held-out data. */
    probeC: z.number().positive().max(1e6).optional(),
    /**
     * 'split' trains on the train subset and reports validation and test figures; 'cv' uses every
     * labelled item, estimates accuracy by stratified k-fold cross-validation and refits on all;
     * 'auto' picks 'cv' when a class has fewer than 30 labelled items.
     */
    validation: z.enum(['auto', 'split', 'cv']).default('auto'),
    cvFolds: z.number().int().min(2).max(10).default(5),
    /** Fewest optimizer steps an SGD-trained part gets, whatever the dataset size (epochs grow to reach it). */
    minSteps: z.number().int().min(0).max(100_000).default(150),
    /** Finetune: the unfrozen backbone blocks learn at this fraction of the head's learning rate. */
    backboneLrScale: z.number().positive().max(1).default(0.1),
  })
  .strict();
export type TrainOptions = z.output<typeof trainOptionsSchema>;
export type TrainOptionsInput = z.input<typeof trainOptionsSchema>;

/** The learning rate a run uses when none is given: the trainer's default and the form's placeholder. */
export const defaultLearningRate = (mode: 'probe' | 'finetune' | 'full'): number => (mode === 'probe' ? 3e-3 : 3e-4);
