import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labToSrgb } from '../../electron/core/images/lab-cms';
import { PYTHON, pilUnavailable } from '../helpers/pil';

const skip = pilUnavailable();

// Every 8-bit Lab triple, in PIL's LAB-mode bytes (a and b offset by 128), as a 4096×4096 image.
const pilScript = `
import sys
import numpy as np
from PIL import Image
v = np.arange(1 << 24, dtype=np.uint32)
lab = np.stack([v >> 16, (v >> 8) & 255, v & 255], -1).astype(np.uint8)
# frombytes' LAB raw mode reads a and b as signed bytes (XOR 128), so hand it those.
lab[:, 1:] ^= 128
Image.frombytes('LAB', (4096, 4096), lab.tobytes()).convert('RGB').save(sys.argv[1], 'PPM')
`;

describe.skipIf(skip !== null)('labToSrgb equals Pillow convert("RGB") from LAB (Debian python3-pil)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-cms-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on all 2^24 8-bit Lab values', async () => {
    const ppm = join(dir, 'rgb.ppm');
    const r = spawnSync(PYTHON, ['-c', pilScript, ppm], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    const file = readFileSync(ppm);
    const want = file.subarray(file.length - 3 * (1 << 24));
    const n = 1 << 24;
    const lab = new Uint8Array(n * 3);
    for (let v = 0; v < n; v++) {
      lab[v * 3] = v >> 16;
      lab[v * 3 + 1] = (v >> 8) & 255;
      lab[v * 3 + 2] = v & 255;
    }
    const got = await labToSrgb(lab, n);
    let differ = 0;
    for (let i = 0; i < want.length; i++) differ += got[i] !== want[i] ? 1 : 0;
    expect(differ).toBe(0);
  }, 60_000);
});
