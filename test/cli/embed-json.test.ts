import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../helpers/npy';
import { useTmpDirs } from '../helpers/tmp';
import { parityDir } from '../backbones/service/fixture-repo';

const tmp = useTmpDirs();

describe('studio embed --json', () => {
  it('prints one JSON summary on stdout (out, shape, dtype, backbone, backend) and nothing else there', async () => {
    const t = tmp();
    const out = join(t, 'f.npy');
    const backbone = parityDir('timm-vit');
    const r = spawnSync(process.execPath, ['bin/studio.mjs', '--data-dir', t, '--json', 'embed', '--backbone', backbone, '--pixels', join(backbone, 'input.npy'), '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, STUDIO_BACKEND: 'wasm' },
    });
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toEqual({ out, shape: [2, 64], dtype: 'float32', backbone, backend: 'wasm' });
    expect(readNpy(out).shape).toEqual([2, 64]);
  }, 60_000);
});
