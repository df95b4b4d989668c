import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../store/db';
import type { BackboneSummary } from '../../../../shared/domain/backbone';
import { StudioError } from '../../../../shared/api/errors';
import { resourcesDir } from '../../demo/service';
import { addFolder } from './registry';

/** The pretrained backbones that ship in resources/backbones: what works offline on first start. */
export const starterBackbones = [
  { folder: 'starter-resnet', name: 'Starter ResNet (Fashion-MNIST)', modality: 'image' },
  { folder: 'starter-bert', name: 'Starter BERT (man pages)', modality: 'text' },
  { folder: 'starter-gpt2', name: 'Starter GPT-2 (man pages)', modality: 'text' },
] as const;

/** Adds the shipped starters (of one modality, or all); adding one already installed returns it as it is. */
export async function addStarters(db: Db, modality?: 'image' | 'text'): Promise<BackboneSummary[]> {
  const wanted = starterBackbones.filter((s) => !modality || s.modality === modality);
  const present = wanted.filter((s) => existsSync(join(resourcesDir(), 'backbones', s.folder, 'model.safetensors')));
  if (present.length === 0) {
    throw new StudioError('unavailable', `This build has no ${modality ?? ''} starter backbones (${join(resourcesDir(), 'backbones')} holds none); add one from a folder or the hub.`.replace('  ', ' '));
  }
  const out: BackboneSummary[] = [];
  for (const s of present) out.push(await addFolder(db, join(resourcesDir(), 'backbones', s.folder), { name: s.name }));
  return out;
}
