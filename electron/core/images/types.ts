/** Interleaved 8-bit pixels, `channels` bytes per pixel, rows top to bottom. */
export interface PixelBuffer {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** What every image becomes before a model sees it: PIL's `convert('RGB')` result. */
export interface RgbImage extends PixelBuffer {
  channels: 3;
}

/** A file the studio cannot turn into pixels; the message is the one-line reason shown to the user. */
export class ImageDecodeError extends Error {}
