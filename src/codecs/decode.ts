/**
 * MINIMAL decoder, to be replaced wholesale by the decode-meta branch (real
 * sniffing, header dimensions before decoding, WASM decoders, EXIF
 * orientation, metadata). The worker only calls `decodeImage`, so keep that
 * signature when replacing this file. Runs in the image worker.
 */
import type { Pixels } from './types.ts';
import { ImageError, type InputFormat } from '../engine/types.ts';

export interface DecodedImage {
  readonly pixels: Pixels;
  readonly format: InputFormat;
  /** Whether the file carries EXIF/XMP/IPTC/ICC; undefined when not checked (treated as yes). */
  readonly hasMetadata?: boolean;
}

export interface DecodeOptions {
  /** Refuse images with more pixels than this. */
  readonly maxPixels?: number;
}

export const DEFAULT_MAX_PIXELS = 120_000_000;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((value, i) => bytes[offset + i] === value);
}
const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

/** Just enough sniffing for the bitmap path; decode-meta owns the real one. */
function sniff(bytes: Uint8Array): InputFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'gif';
  if (ascii(bytes, 4, 8) === 'ftyp' && ['avif', 'avis'].includes(ascii(bytes, 8, 12))) return 'avif';
  if (ascii(bytes, 0, 2) === 'BM') return 'bmp';
  if (startsWith(bytes, [0, 0, 1, 0])) return 'ico';
  return null;
}

/** PNG declares its size in IHDR; refuse a bomb before the browser inflates it. */
function pngHeaderPixels(bytes: Uint8Array): number | null {
  if (bytes.length < 24) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(16) * view.getUint32(20);
}

export async function decodeImage(buffer: ArrayBuffer, options: DecodeOptions = {}): Promise<DecodedImage> {
  const bytes = new Uint8Array(buffer);
  if (bytes.length === 0) throw new ImageError('empty', 'The file is empty (0 bytes).');
  const format = sniff(bytes);
  if (!format) throw new ImageError('not-an-image', 'This file is not an image this build can read (supported here: JPEG, PNG, WebP, AVIF, GIF, BMP, ICO).');
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const tooLarge = (pixels: number, width?: number, height?: number) =>
    new ImageError('too-large', `The image${width ? ` (${width} × ${height})` : ''} has ${pixels.toLocaleString('en')} pixels, above the limit of ${maxPixels.toLocaleString('en')}.`);
  const declared = format === 'png' ? pngHeaderPixels(bytes) : null;
  if (declared !== null && declared > maxPixels) throw tooLarge(declared);

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([buffer]), { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'default' });
  } catch {
    throw new ImageError('corrupt', `The ${format.toUpperCase()} file could not be decoded: it is truncated or corrupt.`);
  }
  const { width, height } = bitmap;
  if (width * height > maxPixels) {
    bitmap.close();
    throw tooLarge(width * height, width, height);
  }
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new ImageError('out-of-memory', 'Could not get a canvas to decode into; the device may be out of memory.');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data } = context.getImageData(0, 0, width, height);
  return { pixels: { data, width, height }, format };
}
