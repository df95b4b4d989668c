import type { ImageFormat } from '../datasets/sniff';
import { BmpError } from './bmp';
import { ImageDecodeError } from './types';

const formatName: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  tiff: 'TIFF',
  avif: 'AVIF',
  heic: 'HEIC',
  bmp: 'BMP',
};

/**
 * Whether the file stops before its format's end marker. libvips' error text is per thread and
 * can come back empty when several decodes run at once, so truncation is also read off the bytes.
 */
function endsEarly(buf: Buffer, format: ImageFormat): boolean {
  const tail = buf.subarray(Math.max(0, buf.length - 64));
  if (format === 'jpeg') return !tail.includes(Buffer.from([0xff, 0xd9]));
  if (format === 'png') return !tail.includes(Buffer.from('IEND'));
  if (format === 'gif') return !tail.includes(0x3b);
  return false;
}

/** The one-line reason a user sees when decodeImage fails on `buf`. */
export function decodeFailureReason(err: unknown, format: ImageFormat | null, buf: Buffer): string {
  const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  if (err instanceof BmpError) return `cannot decode BMP: ${msg}`;
  if (err instanceof ImageDecodeError || format === null) return msg;
  const detail = msg.replace(/^Input (buffer|file) has corrupt header:\s*/, '').replace(/^[a-z]+load(_buffer)?: /, '').trim();
  const why = detail ? ` (${detail})` : '';
  if (/premature end|end of stream|truncat|unexpected end|EOF/i.test(msg) || endsEarly(buf, format)) {
    return `truncated ${formatName[format]} file${why || ' (it ends before its end marker)'}`;
  }
  if (format === 'heic' && /unsupported|codec|decoder|plugin|No decoding plugin/i.test(msg)) {
    return 'HEIC (HEVC) photos cannot be decoded by this build; export them as JPEG';
  }
  if (/pixel limit/i.test(msg)) return `image exceeds the pixel limit (${detail})`;
  return `corrupt ${formatName[format]} file${why}`;
}
