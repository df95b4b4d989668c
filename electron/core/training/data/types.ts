import type { BackboneInput } from '../../backbones/types';

/** One item of the snapshot a run trains on, as the training process needs it. */
export interface PlanItem {
  itemId: number;
  contentHash: string;
  /** Index into the run's label list. */
  label: number;
  subset: 'train' | 'val' | 'test';
  /** Absolute path of the image bytes (image datasets). */
  path?: string;
  text?: string;
}

/** Turns items into backbone input for one augmentation view (0 = no augmentation). */
export interface ItemEncoder {
  /** Everything that changes the encoding, for cache keys. */
  key: string;
  /** How many views the train split gets: view 0 plus augmented ones. */
  views: number;
  encode(items: readonly PlanItem[], view: number): Promise<BackboneInput>;
}
