import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../electron/core/images/decode';
import { readNpy } from '../helpers/npy';
import { repoRoot } from '../helpers/pil';
import { bmp24Pixels } from '../helpers/bad-input-fixture';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

function studio(dataDir: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'studio.mjs'), '--data-dir', dataDir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, STUDIO_BACKEND: 'wasm' },
    timeout: 240_000,
  });
  if (r.status !== 0) throw new Error(`studio ${args[0]} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** An 8-bit grey-palette bottom-up BMP (what old scanners write); sharp's libvips cannot read BMP at all. */
function bmp8(grey: Uint8Array, w: number, h: number): Buffer {
  const stride = Math.ceil(w / 4) * 4;
  const off = 54 + 256 * 4;
  const b = Buffer.alloc(off + stride * h);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(off, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(w, 18);
  b.writeInt32LE(h, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(8, 28);
  for (let i = 0; i < 256; i++) b.fill(i, 54 + i * 4, 54 + i * 4 + 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) b[off + (h - 1 - y) * stride + x] = grey[y * w + x]!;
  return b;
}


describe('a BMP dataset imports, trains, predicts and embeds (CLI, starter backbone)', () => {
  it('every step reads the BMPs through the one decoder', async () => {
    const data = tmp();
    const src = join(tmp(), 'bmps');
    // Fashion-MNIST test PNGs of two classes, re-saved as 8-bit palette and 24-bit BMPs.
    const fm = join(repoRoot, 'test', 'fixtures', 'fmnist', 'target', 'test');
    const files: string[] = [];
    for (const cls of ['ankle-boot', 'dress']) {
      mkdirSync(join(src, cls), { recursive: true });
      const pngs = readdirSync(join(fm, cls)).filter((f) => f.endsWith('.png')).slice(0, 10);
      for (const [i, f] of pngs.entries()) {
        const img = await decodeImage(readFileSync(join(fm, cls, f)));
        const grey = new Uint8Array(img.width * img.height).map((_, p) => img.data[p * 3]!);
        const out = join(src, cls, `${f.replace('.png', '')}.bmp`);
        writeFileSync(out, i % 2 ? bmp8(grey, img.width, img.height) : bmp24Pixels(img.data, img.width, img.height));
        files.push(out);
      }
    }
    const imp = studio(data, ['import', src, '--name', 'bmps', '--json']) as { datasetId: number; items: number; classes: Record<string, number>; skipped: unknown[] };
    expect(imp.skipped).toEqual([]);
    expect(imp.items).toBe(20);
    expect(imp.classes).toEqual({ 'ankle-boot': 10, dress: 10 });

    const bb = studio(data, ['backbones', 'add', join(repoRoot, 'resources', 'backbones', 'starter-resnet'), '--json']) as { backboneId: string };
    const run = studio(data, ['train', '--dataset', String(imp.datasetId), '--backbone', bb.backboneId, '--epochs', '2', '--seed', '1', '--json']) as {
      runId: number;
      status: string;
    };
    expect(run.status).toBe('completed');

    const pred = studio(data, ['predict', '--run', String(run.runId), files[0]!, files[11]!, '--json']) as { predictions: Array<{ file: string; label: string }> };
    expect(pred.predictions.map((p) => p.label)).toEqual(['ankle-boot', 'dress']);

    const out = join(tmp(), 'f.npy');
    spawnSync(process.execPath, [join(repoRoot, 'bin', 'studio.mjs'), '--data-dir', data, 'embed', '--backbone', bb.backboneId, '--images', files[0]!, files[1]!, '--out', out], {
      encoding: 'utf8',
    });
    const f = readNpy(out);
    expect(f.shape).toEqual([2, 256]);
    expect(Array.from(f.data as Float32Array).every(Number.isFinite)).toBe(true);
  }, 300_000);
});
