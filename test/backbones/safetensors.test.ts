import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SafetensorsReader, readSafetensors, writeSafetensors } from '../../electron/core/backbones/safetensors';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'st-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Assembles a file from a raw header object and data bytes (to forge broken files). */
async function forge(name: string, header: unknown, data: Uint8Array, headerText?: string): Promise<string> {
  const json = Buffer.from(headerText ?? JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  const path = join(dir, name);
  await writeFile(path, Buffer.concat([len, json, data]));
  return path;
}

describe('safetensors', () => {
  it('round-trips F32, F16, BF16, I32 and I64, with __metadata__', async () => {
    const path = join(dir, 'rt.safetensors');
    const f = new Float32Array([0, 1.5, -2.25, 3.140625, 65504, 1e-7]);
    await writeSafetensors(
      path,
      {
        'a.weight': { shape: [2, 3], data: f },
        'b.half': { shape: [6], data: f, dtype: 'F16' },
        'c.bf16': { shape: [6], data: f, dtype: 'BF16' },
        'bn.num_batches_tracked': { shape: [], data: new Int32Array([12345]), dtype: 'I64' },
        'd.i32': { shape: [2], data: new Int32Array([-7, 9]) },
      },
      { format: 'pt' },
    );
    const r = await SafetensorsReader.open(path);
    try {
      expect(r.metadata).toEqual({ format: 'pt' });
      expect(r.entry('b.half').dtype).toBe('F16');
      expect(r.entry('bn.num_batches_tracked').dtype).toBe('I64');
      expect(Array.from((await r.readFloat32('a.weight')).data)).toEqual(Array.from(f));
      const half = (await r.readFloat32('b.half')).data;
      // F16 keeps 11 significant bits; 1e-7 is subnormal in half precision.
      [0, 1.5, -2.25, 3.140625, 65504].forEach((v, i) => expect(half[i]).toBe(v));
      expect(half[5]).toBe(2 ** -23); // nearest half subnormal
      const bf = (await r.readFloat32('c.bf16')).data;
      [0, 1.5, -2.25, 3.140625].forEach((v, i) => expect(bf[i]).toBe(v));
      expect(bf[4]).toBe(65536); // bf16 has 8 significant bits: 65504 rounds to 2^16
      const counter = await r.read('bn.num_batches_tracked');
      expect(counter).toMatchObject({ dtype: 'int32', shape: [] });
      expect(counter.data[0]).toBe(12345);
      expect(Array.from((await r.read('d.i32')).data)).toEqual([-7, 9]);
      await expect(r.readFloat32('d.i32')).rejects.toThrow(/'d.i32' has dtype I32, expected a float type/);
    } finally {
      await r.close();
    }
  });

  it('reads the header PyTorch wrote for the parity fixtures', async () => {
    const { tensors } = await readSafetensors(join(__dirname, '..', 'fixtures', 'parity', 'timm-vit', 'model.safetensors'));
    expect(tensors.get('blocks.0.attn.qkv.weight')?.shape).toEqual([192, 64]);
    expect(tensors.get('cls_token')?.shape).toEqual([1, 1, 64]);
  });

  it('says which tensor is cut off in a truncated file', async () => {
    const path = join(dir, 'model.safetensors');
    await writeSafetensors(path, { x: { shape: [4], data: new Float32Array(4) }, y: { shape: [100], data: new Float32Array(100) } });
    const full = (await readFile(path)).length;
    await truncate(path, full - 10);
    await expect(SafetensorsReader.open(path)).rejects.toThrow(
      `model.safetensors is truncated: tensor 'y' ends at byte ${full} but the file has ${full - 10} bytes`,
    );
  });

  const e = (dtype: string, shape: number[], b: number, end: number) => ({ dtype, shape, data_offsets: [b, end] });
  const cases: [string, () => Promise<string>, RegExp][] = [
    ['a header length beyond the file', () => forge('h1.safetensors', {}, new Uint8Array(0), '{}').then(async (p) => { const b = await readFile(p); b.writeBigUInt64LE(1000n); await writeFile(p, b); return p; }), /header points outside the file/],
    ['an absurd header length', async () => { const b = Buffer.alloc(16); b.writeBigUInt64LE(1n << 40n); const p = join(dir, 'h2.safetensors'); await writeFile(p, b); return p; }, /exceeds the 104857600-byte limit/],
    ['fewer than 8 bytes', async () => { const p = join(dir, 'h3.safetensors'); await writeFile(p, Buffer.alloc(3)); return p; }, /truncated: 3 bytes/],
    ['a header that is not JSON', () => forge('h4.safetensors', null, new Uint8Array(0), '{"a": [1,'), /header is not valid JSON/],
    ['an unknown dtype', () => forge('h5.safetensors', { a: e('F8', [1], 0, 1) }, new Uint8Array(1)), /unknown dtype "F8"/],
    ['a size that does not match dtype × shape', () => forge('h6.safetensors', { a: e('F32', [2, 2], 0, 12) }, new Uint8Array(12)), /has 12 bytes but F32 × \[2, 2\] needs 16/],
    ['a gap between tensors', () => forge('h7.safetensors', { a: e('F32', [1], 0, 4), b: e('F32', [1], 8, 12) }, new Uint8Array(12)), /'b' starts at byte \d+ but the previous tensor 'a' ends at byte \d+ \(leaves a gap/],
    ['overlapping tensors', () => forge('h8.safetensors', { a: e('F32', [2], 0, 8), b: e('F32', [1], 4, 8) }, new Uint8Array(8)), /overlaps/],
    ['trailing bytes', () => forge('h9.safetensors', { a: e('F32', [1], 0, 4) }, new Uint8Array(9)), /5 unexpected bytes after the last tensor/],
    ['non-string metadata', () => forge('h10.safetensors', { __metadata__: { n: 1 } }, new Uint8Array(0)), /__metadata__\['n'\] must be a string/],
  ];
  for (const [what, make, err] of cases) {
    it(`refuses ${what}`, async () => {
      await expect(SafetensorsReader.open(await make())).rejects.toThrow(err);
    });
  }

  it('accepts tensors listed out of offset order (only the data must be contiguous)', async () => {
    const data = new Uint8Array(new Float32Array([1, 2]).buffer);
    const r = await SafetensorsReader.open(await forge('order.safetensors', { b: e('F32', [1], 4, 8), a: e('F32', [1], 0, 4) }, data));
    expect((await r.readFloat32('b')).data[0]).toBe(2);
    await r.close();
  });
});
