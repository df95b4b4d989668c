import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hfSpec, imagePreprocessor, timmSpec, type ImagePreprocessSpec } from '../../electron/core/backbones/preprocess';

const fixtures = join(__dirname, '..', 'fixtures', 'parity');
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;

const plain = (over: Partial<ImagePreprocessSpec>): ImagePreprocessSpec => ({
  source: 'default',
  inputSize: [8, 8],
  resize: { mode: 'exact', height: 8, width: 8 },
  centerCrop: false,
  interpolation: 'bilinear',
  rescale: 1 / 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  ...over,
});

describe('preprocessing specs', () => {
  it('timm: pretrained_cfg, with the model_args image size winning over input_size', () => {
    const cfg = json(join(fixtures, 'timm-vit', 'config.json'));
    const spec = timmSpec(cfg.pretrained_cfg as Record<string, unknown>, [32, 32]);
    expect(spec).toMatchObject({
      inputSize: [32, 32],
      resize: { mode: 'shorter-side', size: 35 }, // floor(32 / 0.9)
      centerCrop: true,
      interpolation: 'bicubic',
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
      cropPct: 0.9,
    });
    expect(timmSpec(cfg.pretrained_cfg as Record<string, unknown>).resize).toEqual({ mode: 'shorter-side', size: 248 });
  });

  it('transformers: ViTImageProcessor resizes straight to size, PIL resample 2 = bilinear', () => {
    const spec = hfSpec(json(join(fixtures, 'hf-vit', 'preprocessor_config.json')), [32, 32]);
    expect(spec).toMatchObject({ inputSize: [32, 32], resize: { mode: 'exact', height: 32, width: 32 }, centerCrop: false, interpolation: 'bilinear' });
    expect(spec.rescale).toBeCloseTo(1 / 255, 12);
    expect(() => hfSpec({ size: { height: 224, width: 224 } }, [32, 32])).toThrow(/gives 224×224 images but the model takes 32×32/);
  });
});

describe('image preprocessing (PIL semantics)', () => {
  it("drops alpha as PIL's convert('RGB') does (transparent red stays red) and normalises with mean/std", async () => {
    const png = await sharp({ create: { width: 50, height: 40, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const out = await imagePreprocessor(plain({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] })).run(png);
    expect(out.length).toBe(8 * 8 * 3);
    expect([out[0], out[1], out[2]].map((v) => Math.round(v! * 1e5) / 1e5)).toEqual([1, -1, -1]);
    const red = await sharp({ create: { width: 30, height: 30, channels: 3, background: { r: 255, g: 0, b: 0 } } }).jpeg({ quality: 100 }).toBuffer();
    const r = await imagePreprocessor(plain({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] })).run(red);
    expect(r[0]).toBeGreaterThan(0.97);
    expect(r[1]).toBeLessThan(-0.97);
  });

  it('applies EXIF orientation before resizing', async () => {
    // Left half black, right half white, stored with orientation 6 (display rotated 90° clockwise):
    // displayed, the black half is on top.
    const raw = Buffer.alloc(40 * 20 * 3);
    for (let y = 0; y < 20; y++) for (let x = 20; x < 40; x++) raw.fill(255, (y * 40 + x) * 3, (y * 40 + x) * 3 + 3);
    const jpg = await sharp(raw, { raw: { width: 40, height: 20, channels: 3 } }).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
    const out = await imagePreprocessor(plain({})).run(jpg);
    const px = (y: number, x: number) => out[(y * 8 + x) * 3];
    expect(px(1, 4)).toBeLessThan(0.1);
    expect(px(6, 4)).toBeGreaterThan(0.9);
  });

  it('resizes the shorter side then centre-crops (timm eval), keeping the middle of a wide image', async () => {
    // 64×32 with R = 4·column: shorter side 32 → no resize needed; crop 16×16 from column 24.
    const raw = Buffer.alloc(64 * 32 * 3);
    for (let y = 0; y < 32; y++) for (let x = 0; x < 64; x++) raw[(y * 64 + x) * 3] = 4 * x;
    const png = await sharp(raw, { raw: { width: 64, height: 32, channels: 3 } }).png().toBuffer();
    const spec = plain({ inputSize: [16, 16], resize: { mode: 'shorter-side', size: 32 }, centerCrop: true, rescale: 1 });
    const out = await imagePreprocessor(spec).run(png);
    expect(out[0]).toBe(4 * 24);
    expect(out[15 * 3]).toBe(4 * 39);
  });

  it('batches and refuses what is not an image, naming the file', async () => {
    const p = imagePreprocessor(plain({}));
    const png = await sharp({ create: { width: 9, height: 9, channels: 3, background: '#808080' } }).png().toBuffer();
    expect((await p.runBatch([png, png])).length).toBe(2 * 8 * 8 * 3);
    await expect(p.run(Buffer.from('not an image'))).rejects.toThrow(/cannot read image as an image/);
    await expect(p.run('/nonexistent/cat.jpg')).rejects.toThrow(/cannot read cat.jpg as an image/);
  });
});
