import { describe, expect, it } from 'vitest';
import { encodeNpy, parseNpy } from '../../../electron/core/backbones/npy';
import { readNpy } from '../../helpers/npy';
import { parityDir } from './fixture-repo';

describe('.npy reader/writer', () => {
  it('round-trips float32 and int32, with a header NumPy accepts (64-byte aligned, v1.0)', () => {
    const f = { shape: [2, 3], dtype: 'float32' as const, data: new Float32Array([1, 2, 3, 4.5, -5, 6e-7]) };
    const buf = encodeNpy(f);
    expect((buf.readUInt16LE(8) + 10) % 64).toBe(0);
    expect(buf.toString('latin1', 10, 70)).toContain("'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)");
    expect(parseNpy(buf)).toEqual(f);
    const i = { shape: [4], dtype: 'int32' as const, data: new Int32Array([1, -2, 3, 4]) };
    expect(parseNpy(encodeNpy(i))).toEqual(i);
  });

  it('reads the PyTorch reference fixtures', () => {
    const a = readNpy(`${parityDir('timm-vit')}/input.npy`);
    expect(a.shape).toEqual([2, 3, 32, 32]);
    expect(a.dtype).toBe('float32');
  });

  it('refuses malformed files with a specific reason', () => {
    expect(() => parseNpy(Buffer.from('hello world, not numpy'), 'x.npy')).toThrow(/x\.npy: not a NumPy \.npy file/);
    const good = encodeNpy({ shape: [8], dtype: 'float32', data: new Float32Array(8) });
    expect(() => parseNpy(good.subarray(0, good.length - 4), 'x.npy')).toThrow(/truncated data/);
    const fortran = Buffer.from(good.toString('latin1').replace("'fortran_order': False", "'fortran_order': True "), 'latin1');
    expect(() => parseNpy(fortran)).toThrow(/Fortran-order/);
    const complex = Buffer.from(good.toString('latin1').replace('<f4', '<c8'), 'latin1');
    expect(() => parseNpy(complex)).toThrow(/dtype <c8 is not supported/);
  });
});
