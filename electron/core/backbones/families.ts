import type { FamilyLoader } from './family-types';
import { imageFamilies } from './image/loaders';
import { textFamilies } from './text/loaders';

/**
 * Every family loadBackbone can build, tried in order against config.json. To add one (BERT, GPT-2…):
 * implement a FamilyLoader (see image/loaders.ts) and add it to this array — nothing else changes.
 */
export const families: FamilyLoader[] = [
  ...imageFamilies,
  ...textFamilies,
];
