/**
 * Encoding, inside the image worker: the registered encoder's code, found in
 * the folder named after its format, run with options already validated
 * against its schema; crashes become typed errors.
 */
import type { OptionRecord } from '../core/option-schema.ts';
import type { Pixels } from '../core/pixels.ts';
import { ImageError } from '../core/types.ts';
import { formatLabel } from '../core/formats.ts';
import type { Edits } from '../core/types.ts';
import { assertOutputFitsEncoder, fitsEncoder, tooLargeForFormatError, type LimitedEncoder } from '../lib/encoder-limits.ts';
import { classifyError } from '../lib/image-errors.ts';
import { offeredEncoders } from './registry.ts';
import type { EncodedOutput, EncoderMeta } from './types.ts';

interface EncoderCode {
  /** Typed by its meta (EncodeFn); called here with values validated against that meta's schema. */
  readonly encode: (image: Pixels, options: never) => Promise<ArrayBuffer | EncodedOutput>;
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

const limited = (encoder: EncoderMeta): LimitedEncoder => ({ formatLabel: formatLabel(encoder.format), limits: encoder.limits });

/** Offered formats that can hold this size, for the message (at most two). */
function alternativesFor(encoder: EncoderMeta, size: { readonly width: number; readonly height: number }): string[] {
  return offeredEncoders()
    .filter((other) => other.format !== encoder.format && fitsEncoder(limited(other), size))
    .slice(0, 2)
    .map((other) => formatLabel(other.format));
}

/** Refuses sizes the format cannot hold, before the encoder fails on them less clearly ('too-large-for-format'). */
export function assertWithinEncoderLimits(encoder: EncoderMeta, width: number, height: number): void {
  const error = tooLargeForFormatError(limited(encoder), { width, height }, alternativesFor(encoder, { width, height }));
  if (error) throw error;
}

/** Before decoding: the size the request will produce from the header's size (crop and resize applied) must fit the encoder. */
export function assertRequestFitsEncoder(encoder: EncoderMeta, header: { readonly width: number; readonly height: number }, edits: Edits | undefined): void {
  try {
    assertOutputFitsEncoder(limited(encoder), header, edits, alternativesFor(encoder, header));
  } catch (error) {
    if (error instanceof ImageError) throw error;
    throw classifyError(error, { stage: 'edit', width: header.width, height: header.height });
  }
}

/** Runs an encoder, turning its crashes into typed errors. */
export async function encodePixels(encoder: EncoderMeta, pixels: Pixels, options: OptionRecord): Promise<ArrayBuffer> {
  return (await encodePixelsReporting(encoder, pixels, options)).output;
}

/**
 * encodePixels, also saying which implementation wrote the bytes (e.g. 'native-webp' or 'wasm-webp';
 * the encoder's id when it has only one).
 */
export async function encodePixelsReporting(encoder: EncoderMeta, pixels: Pixels, options: OptionRecord): Promise<EncodedOutput> {
  assertWithinEncoderLimits(encoder, pixels.width, pixels.height);
  const { encode } = codeFor(encoder);
  try {
    const encoded = await encode(pixels, options as never);
    return encoded instanceof ArrayBuffer ? { output: encoded, implementation: encoder.id } : encoded;
  } catch (error) {
    // Library text ("Encoding error.", "[object Object]", a WASM trap) becomes a sentence about this image and codec.
    throw classifyError(error, { stage: 'encode', codec: encoder.label, width: pixels.width, height: pixels.height });
  }
}
