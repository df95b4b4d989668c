import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeForImport, decodeToRgb } from '../../electron/core/datasets/decode';
import { bmp24, hugePng } from '../helpers/bad-input-fixture';

const solid = (w: number, h: number, channels: 3 | 4, background: string | { r: number; g: number; b: number; alpha: number }) =>
  sharp({ create: { width: w, height: h, channels, background } });

describe('decoding with sharp', () => {
  it('applies EXIF orientation: a 60×30 photo tagged "rotate 90" is 30×60, thumbnail included', async () => {
    const buf = await solid(60, 30, 3, '#2d2').jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const out = await decodeForImport(buf);
    expect(out.ok && [out.width, out.height]).toEqual([30, 60]);
    const meta = await sharp(out.ok ? out.thumb : Buffer.alloc(0)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 30, 60]);
    const rgb = await decodeToRgb(buf);
    expect([rgb.width, rgb.height, rgb.channels]).toEqual([30, 60, 3]);
  });

  it("drops alpha (PIL's convert('RGB')), clips 16-bit grey at 255 as PIL does, and turns CMYK into 8-bit RGB", async () => {
    const clear = await solid(4, 4, 4, { r: 10, g: 20, b: 30, alpha: 0 }).png().toBuffer();
    const px = await decodeToRgb(clear);
    expect([...px.data.subarray(0, 3)]).toEqual([10, 20, 30]);
    const gray16 = await sharp(new Uint16Array([65535, 200, 255, 256]), { raw: { width: 2, height: 2, channels: 1 } }).toColourspace('grey16').png().toBuffer();
    const g = await decodeToRgb(gray16);
    expect([g.channels, g.data.length]).toEqual([3, 2 * 2 * 3]);
    expect([g.data[0], g.data[3], g.data[6], g.data[9]]).toEqual([255, 200, 255, 255]);
    const cmyk = await solid(4, 4, 3, '#ff0000').toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer();
    const c = await decodeToRgb(cmyk);
    expect(c.channels).toBe(3);
    expect(c.data[0]!).toBeGreaterThan(200);
    expect(c.data[1]!).toBeLessThan(80);
    expect((await decodeForImport(cmyk)).ok).toBe(true);
  });

  it('reads WebP, GIF (first frame), TIFF, AVIF and BMP', async () => {
    for (const buf of [
      await solid(5, 4, 3, '#123').webp().toBuffer(),
      await solid(5, 4, 3, '#123').gif().toBuffer(),
      await solid(5, 4, 3, '#123').tiff().toBuffer(),
      await solid(5, 4, 3, '#123').avif().toBuffer(),
      bmp24(5, 4, [1, 2, 3]),
    ]) {
      const out = await decodeForImport(buf);
      expect(out.ok && [out.width, out.height]).toEqual([5, 4]);
    }
    const bmp = await decodeToRgb(bmp24(3, 2, [10, 200, 30]));
    expect([...bmp.data.subarray(0, 3)]).toEqual([10, 200, 30]);
  });

  it('refuses bad bytes with a specific reason and never throws', async () => {
    const jpeg = await solid(64, 64, 3, '#abc').jpeg().toBuffer();
    const reasons = await Promise.all(
      [jpeg.subarray(0, jpeg.length / 2), Buffer.alloc(0), Buffer.from('plain text'), Buffer.from('%PDF-1.4 xx'), hugePng(12_000, 9_000)].map(async (b) => {
        const r = await decodeForImport(b);
        return r.ok ? 'ok' : r.reason;
      }),
    );
    expect(reasons[0]).toMatch(/^truncated JPEG file/);
    expect(reasons[1]).toBe('empty file (0 bytes)');
    expect(reasons[2]).toBe('not an image: the content is text');
    expect(reasons[3]).toBe('not an image: the content is a PDF document');
    expect(reasons[4]).toBe('image is 12000×9000 (108 megapixels), over the 100 megapixels limit');
    const small = await decodeForImport(await solid(100, 100, 3, '#000').png().toBuffer(), { maxPixels: 5000 });
    expect(small.ok ? 'ok' : small.reason).toBe('image is 100×100 (0.01 megapixels), over the 0.01 megapixels limit');
  });
});

describe('truncation under concurrent decodes', () => {
  // libvips' error text is per thread and can come back empty when decodes overlap, as they do
  // during an import; the reason must still say the file is cut off.
  it('every one of many truncated JPEGs decoded at once is reported as truncated', async () => {
    const jpegs = await Promise.all(
      Array.from({ length: 24 }, (_, i) => sharp({ create: { width: 48 + i, height: 40, channels: 3, background: { r: i * 9, g: 80, b: 160 } } }).jpeg().toBuffer()),
    );
    const outcomes = await Promise.all(jpegs.map((j) => decodeForImport(j.subarray(0, Math.floor(j.length / 2)))));
    for (const o of outcomes) {
      expect(o.ok).toBe(false);
      if (!o.ok) expect(o.reason).toMatch(/^truncated JPEG file/);
    }
  });
});
