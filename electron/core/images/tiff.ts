import type { PixelBuffer } from './types';
export function decodeTiff(_b: Buffer, _max: number, _headerOnly = false): PixelBuffer { throw new Error('TIFF layout not supported'); }
