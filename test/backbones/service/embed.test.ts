import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '../../../electron/core/tf/tf';
import { describe, expect, it } from 'vitest';
import { embed, nchwToNhwc } from '../../../electron/core/backbones/service/embed';
import { readTextsFile } from '../../../electron/core/backbones/service/texts-file';
import { tokenizeTexts } from '../../../electron/core/backbones/service/tokenize';
import { encodeNpy } from '../../../electron/core/backbones/npy';
import { readNpy } from '../../helpers/npy';
import { useTmpDirs } from '../../helpers/tmp';
import { parityDir } from './fixture-repo';

const tmp = useTmpDirs();
const vit = parityDir('timm-vit');

function file(name: string, content: string | Buffer): string {
  const p = join(tmp(), name);
  writeFileSync(p, content);
  return p;
}

describe('embed input checks (before any model is loaded)', () => {
  it('refuses pixels of the wrong dtype or rank, and image files that do not exist', async () => {
    const flat = file('flat.npy', encodeNpy({ shape: [2, 12], dtype: 'float32', data: new Float32Array(24) }));
    await expect(embed(vit, { kind: 'pixels', path: flat })).rejects.toThrow(/must be NCHW \[N, 3, H, W\], got shape \(2, 12\)/);
    const gray = file('gray.npy', encodeNpy({ shape: [1, 1, 4, 4], dtype: 'float32', data: new Float32Array(16) }));
    await expect(embed(vit, { kind: 'pixels', path: gray })).rejects.toThrow(/got shape \(1, 1, 4, 4\)/);
    const f64 = file('f64.npy', encodeNpy({ shape: [1, 3, 2, 2], dtype: 'float64', data: new Float64Array(12) }));
    await expect(embed(vit, { kind: 'pixels', path: f64 })).rejects.toThrow(/must be float32, got float64/);
    await expect(embed(vit, { kind: 'images', paths: [join(tmp(), 'gone.jpg')] })).rejects.toThrow(/gone\.jpg does not exist/);
    await expect(embed(vit, { kind: 'texts', path: file('t.json', '["a"]'), maxLength: 0 })).rejects.toThrow(/--max-length must be a positive integer/);
  });

  it('reads T.json as an array or {texts: [...]}, and explains anything else', async () => {
    expect(await readTextsFile(file('a.json', '["x", "y"]'))).toEqual(['x', 'y']);
    expect(await readTextsFile(file('b.json', '{"texts": ["z"], "other": 1}'))).toEqual(['z']);
    await expect(readTextsFile(file('c.json', '{"items": []}'))).rejects.toThrow(/expected a JSON array of strings or an object with a "texts" array/);
    await expect(readTextsFile(file('d.json', '["ok", 3]'))).rejects.toThrow(/text 1 is 3, not a string/);
    await expect(readTextsFile(file('e.json', '[]'))).rejects.toThrow(/holds no texts/);
    await expect(readTextsFile(file('f.json', 'nope'))).rejects.toThrow(/is not JSON/);
  });
});

describe('embed and tokenize', () => {
  it('transposes NCHW to NHWC', () => {
    // [1, 3, 1, 2]: channel planes r=[1,2], g=[3,4], b=[5,6] → pixels (1,3,5), (2,4,6).
    expect(Array.from(nchwToNhwc(new Float32Array([1, 2, 3, 4, 5, 6]), 1, 3, 2))).toEqual([1, 3, 5, 2, 4, 6]);
  });

  it('pixels NCHW → the family\'s NHWC: features match PyTorch, the modality is checked, no tensors leak', async () => {
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const r = await embed(vit, { kind: 'pixels', path: join(vit, 'input.npy') }, { batchSize: 1, onProgress: (d) => progress.push(d) });
    expect(r.shape).toEqual([2, 64]);
    expect(progress).toEqual([0, 1, 2]);
    const ref = readNpy(join(vit, 'features.npy')).data;
    expect(Math.max(...Array.from(r.data, (v, i) => Math.abs(v - ref[i]!)))).toBeLessThanOrEqual(1e-4);
    expect(tf.memory().numTensors).toBe(before);
    await expect(embed(vit, { kind: 'texts', path: file('t.json', '["a"]') })).rejects.toThrow(/image backbone: give it --pixels or --images/);
  });

  it('GPT-2 texts padded in a batch give the same last-token features as each text alone', async () => {
    const dir = parityDir('hf-gpt2');
    const r = await embed(dir, { kind: 'texts', path: join(dir, 'texts.json') }, { batchSize: 4 });
    const ref = readNpy(join(dir, 'features.npy')).data;
    expect(Math.max(...Array.from(r.data, (v, i) => Math.abs(v - ref[i]!)))).toBeLessThanOrEqual(1e-4);
  });

  it('tokenize without --max-length follows the tokenizer.json defaults (no padding: rows keep their length)', async () => {
    const out = await tokenizeTexts(parityDir('hf-bert'), ['short', 'a somewhat longer text']);
    expect(out.input_ids[0]!.length).toBeLessThan(out.input_ids[1]!.length);
    expect(out.attention_mask.map((m) => m.every((v) => v === 1))).toEqual([true, true]);
  });
});
