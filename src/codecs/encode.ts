/**
 * Encoding, inside the image worker: the registered encoder's code, found in
 * the folder named after its format, run with options already validated
 * against its schema; crashes become typed errors.
 */
import type { OptionRecord } from '../core/option-schema.ts';
import type { Pixels } from '../core/pixels.ts';
import { ImageError } from '../core/types.ts';
import { codeUnavailableError, looksLikeCodeLoadFailure, looksLikeOutOfMemory } from '../lib/image-errors.ts';
import type { EncoderMeta } from './types.ts';

interface EncoderCode {
  /** Typed by its meta (EncodeFn); called here with values validated against that meta's schema. */
  readonly encode: (image: Pixels, options: never) => Promise<ArrayBuffer>;
}

// Eager: the encoders' entry modules are small; each loads its wasm on first use.
const code = import.meta.glob<EncoderCode>('./encoders/*/encode.ts', { eager: true });

export const encoderCodePath = (format: string): string => `./encoders/${format}/encode.ts`;

/** Which folders hold encoder code, for the registry test. */
export const encoderCodeFolders = (): string[] => Object.keys(code).map((path) => path.split('/')[2] ?? path);

function codeFor(encoder: EncoderMeta): EncoderCode {
  const found = code[encoderCodePath(encoder.format)];
  if (!found) throw new ImageError('invalid-options', `${encoder.label} has no encoder code in src/codecs/encoders/${encoder.format}/encode.ts.`);
  return found;
}

/** Refuses sizes the format cannot hold, before the encoder fails on them less clearly. */
export function assertWithinEncoderLimits(encoder: EncoderMeta, width: number, height: number): void {
  const { maxWidth, maxHeight, maxPixels } = encoder.limits;
  if (width > maxWidth || height > maxHeight || (maxPixels !== undefined && width * height > maxPixels)) {
    const limit = `${maxWidth.toLocaleString('en')} × ${maxHeight.toLocaleString('en')} pixels${maxPixels === undefined ? '' : ` and ${maxPixels.toLocaleString('en')} pixels in all`}`;
    throw new ImageError('invalid-options', `${encoder.label} holds at most ${limit}; this image is ${width} × ${height}. Resize it or choose another format.`);
  }
}

/** Runs an encoder, turning its crashes into typed errors. */
export async function encodePixels(encoder: EncoderMeta, pixels: Pixels, options: OptionRecord): Promise<ArrayBuffer> {
  assertWithinEncoderLimits(encoder, pixels.width, pixels.height);
  const { encode } = codeFor(encoder);
  try {
    return await encode(pixels, options as never);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    if (looksLikeCodeLoadFailure(error)) throw codeUnavailableError(encoder.label);
    if (looksLikeOutOfMemory(error, 'encode')) {
      throw new ImageError('out-of-memory', `${encoder.label} ran out of memory on this ${pixels.width} × ${pixels.height} image. Resize it first or choose a lighter format (WebP or MozJPEG).`);
    }
    throw new ImageError('encode-failed', `${encoder.label} could not encode this image: ${error instanceof Error ? error.message : String(error)}`);
  }
}
