/**
 * The typed errors of bad input, with messages a person can act on. Every
 * message names the file's problem specifically; none is a bare "failed".
 */
import { FORMATS, formatLabel, isImageFormat } from '../core/formats.ts';
import { ImageError, type InputFormat } from '../core/types.ts';

export const SUPPORTED_INPUTS = Object.values(FORMATS).map((facts) => facts.label).join(', ');

/** 120 megapixels: a 100 MP photo fits, a decompression bomb does not. */
export const DEFAULT_MAX_PIXELS = 120_000_000;

const megapixels = (pixels: number): string => `${(pixels / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} megapixels`;

export const emptyFileError = (): ImageError => new ImageError('empty', 'The file is empty (0 bytes): there is no image in it.');

export const notAnImageError = (description?: string): ImageError =>
  new ImageError(
    'not-an-image',
    description
      ? `This is not an image: it looks like ${description}. Supported formats: ${SUPPORTED_INPUTS}.`
      : `This is not an image: its first bytes match no known image format. Supported formats: ${SUPPORTED_INPUTS}.`,
  );

export const unsupportedFormatError = (description: string): ImageError =>
  new ImageError('unsupported', `${description} images are not supported. Supported formats: ${SUPPORTED_INPUTS}.`);

export const corruptError = (format: InputFormat, detail: string): ImageError =>
  new ImageError('corrupt', `This ${formatLabel(format)} file is damaged or incomplete: ${detail}.`);

export const tooLargeError = (width: number, height: number, maxPixels: number): ImageError =>
  new ImageError(
    'too-large',
    `The image is ${width} × ${height} pixels (${megapixels(width * height)}), above the limit of ${megapixels(maxPixels)}. ` +
      'It was refused before decoding. Shrink it with another program first, or raise the limit if your device has the memory.',
  );

export const outOfMemoryError = (format: InputFormat | string, width?: number, height?: number): ImageError =>
  new ImageError(
    'out-of-memory',
    `Ran out of memory while processing this ${isImageFormat(format) ? formatLabel(format) : format} image` +
      (width && height ? ` (${width} × ${height} pixels)` : '') +
      '. Try resizing it to fewer pixels, choosing a lighter output format (WebP or JPEG instead of AVIF or JPEG XL), or processing fewer files at once.',
  );

/** The pixel limit check done on header dimensions, before any decoder runs. */
export function assertWithinPixelLimit(width: number, height: number, maxPixels: number | undefined): void {
  if (maxPixels !== undefined && width * height > maxPixels) throw tooLargeError(width, height, maxPixels);
}

const OUT_OF_MEMORY = /out of memory|\bOOM\b|Cannot enlarge memory|Maximum memory size|Array buffer allocation failed|Invalid typed array length|could not allocate|allocation failed|RangeError: .*(?:array|buffer)/i;

/**
 * True for the errors engines raise when allocation fails (WASM memory growth, typed arrays, canvas).
 * After an encode (or any step on pixels already decoded) a RangeError or a WASM bounds trap counts too:
 * the code was handed valid pixels, so its memory ran out. A decoder raises those on damaged files.
 */
export function looksLikeOutOfMemory(error: unknown, during: 'decode' | 'encode' = 'decode'): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  if (during === 'encode' && (error instanceof RangeError || /memory access out of bounds/i.test(text))) return true;
  return OUT_OF_MEMORY.test(text);
}

/** True when a codec's code could not be fetched (a failed dynamic import(); wording of Chromium, Firefox, Safari). */
export function looksLikeCodeLoadFailure(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|importing a module script failed/i.test(text);
}

/** Codecs come with the page's prefetch; if it could not finish (the network went away), one it missed cannot load offline. */
export const codeUnavailableError = (codec: string): ImageError =>
  new ImageError(
    'encode-failed',
    `The ${codec} codec could not be loaded from the server: you may be offline. Imglio downloads its codecs after the page has loaded, and this one did not arrive; reconnect, then use "Retry failed".`,
  );
