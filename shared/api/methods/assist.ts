import { z } from 'zod';
import { method } from '../define';

const datasetId = z.number().int().positive();
const backboneId = z.string().min(1).max(300).optional();

export const assistBackboneSchema = z.object({ id: z.string(), name: z.string(), modality: z.enum(['image', 'text']) });

export const suggestionSchema = z.object({
  itemId: z.number().int(),
  /** Higher first: α·uncertainty + (1−α)·distance to what is labeled (or distance alone). */
  score: z.number(),
  /** 1 − (p₁ − p₂) of the probe; null in diversity-only mode. */
  uncertainty: z.number().nullable(),
  /** The probe's guess: the hint the user can accept with one key. Null when no probe could be fitted. */
  predictedLabelId: z.number().int().nullable(),
  predictedLabel: z.string().nullable(),
  confidence: z.number().nullable(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const suspectSchema = z.object({
  itemId: z.number().int(),
  givenLabelId: z.number().int(),
  givenLabel: z.string(),
  suggestedLabelId: z.number().int(),
  suggestedLabel: z.string(),
  /** Out-of-fold probability of the suggested label. */
  confidence: z.number(),
  /** Out-of-fold probability of the label it has. */
  givenProbability: z.number(),
  gap: z.number(),
});
export type Suspect = z.infer<typeof suspectSchema>;

const featureFigures = z.object({ hits: z.number().int(), computed: z.number().int(), seconds: z.number() });

export const assistMethods = {
  'assist.status': method({
    description: 'What assisted labeling can use on a dataset: installed backbones of its kind and the one it would pick.',
    params: z.object({ datasetId }).strict(),
    result: z.object({
      backbones: z.array(assistBackboneSchema),
      /** The latest completed run's backbone on this dataset, else the first installed of the dataset's kind; null when none. */
      defaultBackboneId: z.string().nullable(),
      labeled: z.number().int(),
      unlabeled: z.number().int(),
      /** Classes with at least one labeled item: under 2, suggestions are by diversity alone. */
      labeledClasses: z.number().int(),
    }),
  }),
  'assist.suggest': method({
    description:
      'Unlabeled items in the order worth labeling: a probe on the backbone’s features ranks by uncertainty mixed with diversity (diversity alone under 2 labeled classes); progress as assist.progress events.',
    params: z
      .object({
        datasetId,
        backboneId,
        limit: z.number().int().min(1).max(20_000).default(2000),
        /** Weight of uncertainty against diversity. */
        alpha: z.number().min(0).max(1).default(0.5),
      })
      .strict(),
    result: z.object({
      backboneId: z.string(),
      backend: z.string(),
      mode: z.enum(['uncertainty+diversity', 'diversity']),
      unlabeled: z.number().int(),
      features: featureFigures,
      suggestions: z.array(suggestionSchema),
      seconds: z.number(),
    }),
  }),
  'assist.suspects': method({
    description: 'Labeled items whose label looks wrong: cross-validated probe predictions, ranked by how much another class beats the given one.',
    params: z
      .object({
        datasetId,
        backboneId,
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
        limit: z.number().int().min(1).max(5000).default(200),
        /** Smallest p(suggested) − p(given) to list. */
        minGap: z.number().min(0).max(1).default(0.1),
      })
      .strict(),
    result: z.object({
      backboneId: z.string(),
      backend: z.string(),
      folds: z.number().int(),
      /** Out-of-fold agreement of the probe with the given labels. */
      agreement: z.number(),
      checked: z.number().int(),
      features: featureFigures,
      suspects: z.array(suspectSchema),
      seconds: z.number(),
    }),
  }),
} as const;
