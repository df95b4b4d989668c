// The lcms-wasm package ships no types; this declares the part of its API lab-cms.ts uses.
declare module 'lcms-wasm' {
  export interface Lcms {
    cmsCreateLab4Profile(whitePoint: number[] | null): number;
    cmsCreate_sRGBProfile(): number;
    cmsCloseProfile(profile: number): void;
    cmsCreateTransform(input: number, inputFormat: number, output: number, outputFormat: number, intent: number, flags: number): number;
    cmsDoTransform(transform: number, input: Uint8Array, pixels: number): Uint8Array;
  }
  export function instantiate(moduleArg?: object): Promise<Lcms>;
  export const TYPE_Lab_8: number;
  export const TYPE_RGB_8: number;
  export const INTENT_PERCEPTUAL: number;
}
