import type { PixelBuffer } from './types';
export function gifSize(_b: Buffer): { width: number; height: number } | null { return null; }
export function decodeGif(_b: Buffer): PixelBuffer | null { return null; }
