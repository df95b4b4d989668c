import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resizePil, type PixelBuffer } from '../../electron/core/images/resample';
import type { Interpolation } from '../../electron/core/backbones/preprocess/spec';
import { mulberry32 } from '../../electron/core/training/engine/rng';
import { pilUnavailable, runPython } from '../helpers/pil';
import { useTmpDirs } from '../helpers/tmp';

const skip = pilUnavailable();
if (skip) console.warn(`PIL resize parity skipped: ${skip}`);

// PIL's resample codes.
const codes: Record<Interpolation, number> = { nearest: 0, lanczos: 1, bilinear: 2, bicubic: 3, box: 4, hamming: 5 };
const interps = Object.keys(codes) as Interpolation[];

interface Case {
  src: PixelBuffer;
  ow: number;
  oh: number;
  interp: Interpolation;
}

/** Noise with saturated patches and a smooth ramp: exercises rounding, clipping and negative lobes. */
function image(rand: () => number, w: number, h: number, channels: number): PixelBuffer {
  const data = new Uint8Array(w * h * channels);
  const mode = Math.floor(rand() * 3);
  for (let i = 0; i < data.length; i++) {
    const px = Math.floor(i / channels);
    const x = px % w;
    const y = Math.floor(px / w);
    if (mode === 0) data[i] = Math.floor(rand() * 256);
    else if (mode === 1) data[i] = rand() < 0.5 ? 0 : 255;
    else data[i] = Math.min(255, Math.floor(((x + y * 3 + (i % channels) * 40) * 7) % 256 + rand() * 3));
  }
  return { data, width: w, height: h, channels };
}

function cases(): Case[] {
  const rand = mulberry32(20240611);
  const size = () => {
    const r = rand();
    if (r < 0.1) return 1; // 1-pixel rows and columns
    if (r < 0.6) return 1 + Math.floor(rand() * 40);
    return 1 + Math.floor(rand() * 300);
  };
  const out: Case[] = [];
  // 320 random size pairs, each with every filter: up, down, mixed, odd, 1 px.
  for (let i = 0; i < 320; i++) {
    const w = size();
    const h = size();
    const src = image(rand, w, h, rand() < 0.8 ? 3 : 1);
    const ow = size();
    const oh = size();
    for (const interp of interps) out.push({ src, ow, oh, interp });
  }
  // Fixed shapes the pipelines meet: ImageNet eval sizes, Fashion-MNIST upscales, same-width/height passes.
  const fixed: Array<[number, number, number, number]> = [
    [640, 427, 292, 256], [451, 300, 385, 256], [28, 28, 32, 32], [28, 28, 36, 36], [1, 1, 7, 5], [5, 1, 1, 1], [33, 17, 33, 40], [33, 17, 50, 17], [299, 300, 224, 224],
  ];
  for (const [w, h, ow, oh] of fixed) {
    const src = image(rand, w, h, 3);
    for (const interp of interps) out.push({ src, ow, oh, interp });
  }
  return out;
}

describe.skipIf(skip !== null)('resizePil equals PIL Image.resize (Debian python3-pil) in every pixel', () => {
  const tmp = useTmpDirs();

  it('on 329 size pairs × 6 filters, up and down, odd sizes, 1-px images', () => {
    const all = cases();
    const parts: Buffer[] = [Buffer.from(new Int32Array([all.length]).buffer)];
    for (const c of all) {
      parts.push(Buffer.from(new Int32Array([c.src.width, c.src.height, c.src.channels, c.ow, c.oh, codes[c.interp]]).buffer));
      parts.push(Buffer.from(c.src.data));
    }
    const dir = tmp();
    writeFileSync(join(dir, 'in.bin'), Buffer.concat(parts));
    runPython('images/pil_resize.py', [join(dir, 'in.bin'), join(dir, 'out.bin')]);
    const ref = readFileSync(join(dir, 'out.bin'));
    let pos = 0;
    const failures: string[] = [];
    let pixels = 0;
    const perFilter: Record<string, number> = {};
    for (const c of all) {
      const n = c.ow * c.oh * c.src.channels;
      const want = ref.subarray(pos, pos + n);
      pos += n;
      const got = resizePil(c.src, c.ow, c.oh, c.interp);
      let bad = 0;
      for (let i = 0; i < n; i++) if (got.data[i] !== want[i]) bad++;
      pixels += n;
      perFilter[c.interp] = (perFilter[c.interp] ?? 0) + 1;
      if (bad) failures.push(`${c.interp} ${c.src.width}×${c.src.height}×${c.src.channels} → ${c.ow}×${c.oh}: ${bad} of ${n} values differ`);
    }
    expect(pos).toBe(ref.length);
    console.log(`resizePil vs PIL: ${all.length} resizes (${JSON.stringify(perFilter)}), ${pixels} values, ${failures.length} resizes differ`);
    expect(failures.slice(0, 20)).toEqual([]);
  });
});

describe('resizePil', () => {
  it('returns a copy at the same size and refuses empty targets', () => {
    const src = { data: new Uint8Array([1, 2, 3]), width: 1, height: 1, channels: 3 };
    const same = resizePil(src, 1, 1, 'bicubic');
    expect(Array.from(same.data)).toEqual([1, 2, 3]);
    expect(same.data).not.toBe(src.data);
    expect(() => resizePil(src, 0, 4, 'bilinear')).toThrow(/whole positive/);
  });
});
