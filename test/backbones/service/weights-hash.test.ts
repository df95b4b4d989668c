import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBackbone } from '../../../electron/core/backbones/load';
import { weightsHash } from '../../../electron/core/backbones/service/weights-hash';
import { useTmpDirs } from '../../helpers/tmp';
import { parityDir } from './fixture-repo';

const tmp = useTmpDirs();
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** The fixture in hub-cache layout: snapshots/<rev>/model.safetensors → ../../blobs/<blobName>. */
function hubSnapshot(fixture: string, blobName: string): string {
  const repo = join(tmp(), 'models--acme--x');
  const snap = join(repo, 'snapshots', 'rev');
  mkdirSync(join(repo, 'blobs'), { recursive: true });
  cpSync(parityDir(fixture), snap, { recursive: true });
  renameSync(join(snap, 'model.safetensors'), join(repo, 'blobs', blobName));
  symlinkSync(join('..', '..', 'blobs', blobName), join(snap, 'model.safetensors'));
  return snap;
}

describe('weightsHash', () => {
  it('hashes a plain copy of model.safetensors', async () => {
    const dir = parityDir('timm-vit');
    expect(await weightsHash(dir)).toBe(sha(join(dir, 'model.safetensors')));
  });

  it('takes a hub blob name as the sha256 without reading the file (the downloader verified it)', async () => {
    const real = sha(join(parityDir('timm-vit'), 'model.safetensors'));
    expect(await weightsHash(hubSnapshot('timm-vit', real))).toBe(real);
    // A name the bytes do not hash to is still taken as is: proof that the 500 MB are not read again.
    const named = 'ab'.repeat(32);
    expect(await weightsHash(hubSnapshot('timm-vit', named))).toBe(named);
  });

  it('hashes a link whose target is not a sha256-named blob', async () => {
    const snap = hubSnapshot('timm-vit', 'not-a-sha');
    expect(await weightsHash(snap)).toBe(sha(join(snap, 'model.safetensors')));
  });

  it('is what loadBackbone records, so loading a hub snapshot does not hash the weights again', async () => {
    const named = 'cd'.repeat(32);
    const loaded = await loadBackbone(hubSnapshot('timm-vit', named));
    expect(loaded.weightsHash).toBe(named);
    loaded.backbone.dispose();
  });
});
