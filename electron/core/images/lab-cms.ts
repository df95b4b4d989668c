/**
 * CIE Lab → sRGB exactly as Pillow 9.4 converts it: `convert('RGB')` from LAB is
 * ImageCms.buildTransform(createProfile('LAB'), createProfile('sRGB'), 'LAB', 'RGB') — LittleCMS,
 * perceptual intent, default flags, TYPE_Lab_8 in and TYPE_RGB_8 out. lcms folds that into an
 * optimised 16-bit CLUT with 8-bit interpolation, which no closed formula reproduces, so this runs
 * LittleCMS itself (lcms-wasm, LittleCMS 2.16). Pillow builds its Lab profile with
 * cmsCreateLab2Profile(5000 K); lcms-wasm exposes only cmsCreateLab4Profile, and the D50 v4 profile
 * gives Pillow's pixels for all 2^24 8-bit Lab inputs (checked against Debian's Pillow 9.4), because a
 * Lab profile's pipeline is the identity into the Lab PCS either way.
 *
 * The wasm (~300 KB) is loaded on the first Lab image only; nothing else in the decoder needs it.
 */
import type { Lcms } from 'lcms-wasm';

interface LabTransform {
  lcms: Lcms;
  transform: number;
}

let loading: Promise<LabTransform> | undefined;

async function load(): Promise<LabTransform> {
  const mod = await import('lcms-wasm');
  const lcms = await mod.instantiate();
  const lab = lcms.cmsCreateLab4Profile(null);
  const srgb = lcms.cmsCreate_sRGBProfile();
  const transform = lcms.cmsCreateTransform(lab, mod.TYPE_Lab_8, srgb, mod.TYPE_RGB_8, mod.INTENT_PERCEPTUAL, 0);
  // The transform keeps what it needs from the profiles.
  lcms.cmsCloseProfile(lab);
  lcms.cmsCloseProfile(srgb);
  if (!transform) throw new Error('LittleCMS could not build the Lab → sRGB transform');
  return { lcms, transform };
}

function labTransform(): Promise<LabTransform> {
  // A failed load is not cached, so a later Lab image tries again.
  loading ??= load().catch((err: unknown) => {
    loading = undefined;
    throw new Error(`could not load LittleCMS (lcms-wasm) to convert a CIE Lab image: ${err instanceof Error ? err.message : String(err)}`);
  });
  return loading;
}

/** Pixels per call: bounds the copies lcms-wasm makes on its heap for a big image. */
const chunkPixels = 1 << 20;

/**
 * `lab` holds 8-bit L, a, b per pixel as Pillow's LAB mode stores them (L 0..255 for 0..100; a and b
 * offset by 128, the TIFF's signed bytes XOR 128). Returns 8-bit RGB, three bytes per pixel.
 */
export async function labToSrgb(lab: Uint8Array, pixels: number): Promise<Uint8Array> {
  const { lcms, transform } = await labTransform();
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p += chunkPixels) {
    const n = Math.min(chunkPixels, pixels - p);
    out.set(lcms.cmsDoTransform(transform, lab.subarray(p * 3, (p + n) * 3), n), p * 3);
  }
  return out;
}
