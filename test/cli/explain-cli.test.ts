import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy } from '../helpers/npy';
import { parityDir } from '../backbones/service/fixture-repo';

const root = resolve(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'studio-explain-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function studio(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/studio.mjs', '--data-dir', join(work, 'data'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STUDIO_BACKEND: 'wasm' },
  });
  return { ...r, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
}

describe('studio attention', () => {
  it('writes float32 [N, layers, heads, T, T] padded to --max-length: rows sum to 1, padded keys get nothing', () => {
    const texts = join(work, 'T.json');
    writeFileSync(texts, JSON.stringify({ texts: ['she gave him the book', 'it rained'] }));
    const out = join(work, 'A.npy');
    const r = studio('--json', 'attention', '--backbone', parityDir('hf-bert'), '--texts', texts, '--max-length', '12', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const summary = r.json();
    expect(summary).toMatchObject({ out, shape: [2, 2, 4, 12, 12], dtype: 'float32', backend: 'wasm' });
    const tokens = summary.tokens as string[][];
    expect(tokens[1]!.slice(0, 2)).toEqual(['[CLS]', 'it']);
    const a = readNpy(out);
    expect(a.shape).toEqual([2, 2, 4, 12, 12]);
    const T = 12;
    const real1 = tokens[1]!.indexOf('[PAD]');
    for (let row = 0; row < a.data.length / T; row++) {
      const r0 = (a.data as Float32Array).subarray(row * T, row * T + T);
      expect(r0.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 5);
      // Item 1's padded key columns: (numerically) zero, as transformers' finfo.min mask leaves them.
      if (row >= (a.data.length / T) / 2) expect(Math.max(...r0.subarray(real1))).toBeLessThan(1e-30);
    }
  }, 60_000);
});

describe('studio explain', () => {
  it('a probe run on the starter ResNet: cams.npy [N, 2, 2], one overlay PNG per file, --json items; --pixels and --label too', () => {
    // 6 images of two demo classes, a probe on the bundled starter backbone.
    const mini = join(work, 'mini');
    const files: Record<string, string[]> = {};
    for (const c of ['dress', 'sneaker']) {
      mkdirSync(join(mini, c), { recursive: true });
      files[c] = readdirSync(join(root, 'resources', 'demo', c)).slice(0, 6).map((f) => {
        copyFileSync(join(root, 'resources', 'demo', c, f), join(mini, c, f));
        return join(mini, c, f);
      });
    }
    expect(studio('backbones', 'add', join(root, 'resources', 'backbones', 'starter-resnet')).status).toBe(0);
    const imp = studio('--json', 'import', mini);
    expect(imp.status, imp.stderr).toBe(0);
    const train = studio('--json', 'train', '--dataset', String(imp.json().datasetId), '--backbone', 'starter-resnet', '--mode', 'probe');
    expect(train.status, train.stderr).toBe(0);
    const runId = String(train.json().runId);

    const out = join(work, 'ex');
    const picked = [files.dress![0]!, files.sneaker![0]!];
    const r = studio('--json', 'explain', '--run', runId, ...picked, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const j = r.json() as { items: { file: string; label: string; score: number; cam: string }[]; cams: string; method: string };
    expect(j.method).toBe('gradcam');
    // Training images of a perfectly separated probe: the predicted class is the folder's.
    expect(j.items.map((i) => [i.file, i.label])).toEqual([[picked[0], 'dress'], [picked[1], 'sneaker']]);
    const cams = readNpy(join(out, 'cams.npy'));
    expect(cams.dtype).toBe('float32');
    expect(cams.shape).toEqual([2, 2, 2]); // 64 px through a stride-32 ResNet
    for (let i = 0; i < 2; i++) expect(Math.max(...cams.data.subarray(i * 4, i * 4 + 4))).toBeCloseTo(1, 6);
    for (const it of j.items) {
      expect(existsSync(it.cam)).toBe(true);
      expect(readFileSync(it.cam).subarray(1, 4).toString()).toBe('PNG');
    }

    // --pixels (NCHW, normalised) and another class than the predicted one.
    const px = join(work, 'x.npy');
    const raw = Float32Array.from({ length: 3 * 64 * 64 }, (_, i) => Math.sin(i * 0.37));
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 64, 64), }";
    const pad = 64 - ((10 + header.length + 1) % 64);
    const hdr = Buffer.from(`\x93NUMPY\x01\x00` + String.fromCharCode((header.length + pad + 1) & 0xff, (header.length + pad + 1) >> 8) + header + ' '.repeat(pad) + '\n', 'latin1');
    writeFileSync(px, Buffer.concat([hdr, Buffer.from(raw.buffer)]));
    const p = studio('--json', 'explain', '--run', runId, '--pixels', px, '--label', 'sneaker', '--out', join(work, 'ex2'));
    expect(p.status, p.stderr).toBe(0);
    const pj = p.json() as { items: { label: string }[] };
    expect(pj.items.map((i) => i.label)).toEqual(['sneaker']);
    expect(readNpy(join(work, 'ex2', 'cams.npy')).shape).toEqual([1, 2, 2]);

  }, 180_000);
});
