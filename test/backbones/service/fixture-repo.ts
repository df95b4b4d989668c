import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeRepo } from '../../hub/fake-hub';

export const parityDir = (name: string) => resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/parity', name);

/** Files a backbone folder has (reference outputs like features.npy are not part of a hub repo). */
const repoFile = (f: string) => !f.endsWith('.npy') && f !== 'texts.json';

/** A parity fixture folder served as a hub repo: model.safetensors via LFS, the rest as plain git files. */
export function fixtureRepo(id: string, fixture: string, extra: Record<string, string> = {}): FakeRepo {
  const dir = parityDir(fixture);
  const files = readdirSync(dir)
    .filter(repoFile)
    .map((name) => ({ name, data: readFileSync(join(dir, name)), lfs: name.endsWith('.safetensors') }));
  for (const [name, text] of Object.entries(extra)) files.push({ name, data: Buffer.from(text), lfs: false });
  return { id, sha: createHash('sha1').update(id).digest('hex'), files };
}
