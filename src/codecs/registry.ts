/**
 * Every codec and processor, listed once and in order (the settings UI shows
 * encoders in this order; a prefetch may walk it). Safe to import on the main
 * thread: metas are plain data. The worker finds each encoder's code in the
 * folder named after its format (src/codecs/encode.ts).
 *
 * Adding an encoder: a folder src/codecs/encoders/<format>/ with meta.ts and
 * encode.ts, and one line below.
 */
import { FORMATS, type ImageFormat } from '../core/formats.ts';
import { ImageError } from '../core/types.ts';
import { avifMeta } from './encoders/avif/meta.ts';
import { jpegMeta } from './encoders/jpeg/meta.ts';
import { jxlMeta } from './encoders/jxl/meta.ts';
import { pngMeta } from './encoders/png/meta.ts';
import { qoiMeta } from './encoders/qoi/meta.ts';
import { webpMeta } from './encoders/webp/meta.ts';
import { quantiseMeta } from './processors/quantise/meta.ts';
import { resizeMeta } from './processors/resize/meta.ts';
import type { EncoderMeta } from './types.ts';

export const encoders = [jpegMeta, pngMeta, webpMeta, avifMeta, jxlMeta, qoiMeta] as const;

export const processors = [resizeMeta, quantiseMeta] as const;

/** Formats some registered encoder writes. */
export type OutputFormat = (typeof encoders)[number]['format'];

export function encoderFor(format: string, list: readonly EncoderMeta[] = encoders): EncoderMeta | undefined {
  return list.find((encoder) => encoder.format === format);
}

/** The encoders the tool pages offer as output formats, in registry order. */
export const offeredEncoders = (list: readonly EncoderMeta[] = encoders): EncoderMeta[] => list.filter((encoder) => encoder.offered);

export const isOutputFormat = (value: string): value is OutputFormat => encoderFor(value) !== undefined;

/**
 * The one rule for what a request's output format means, applied by the worker
 * once it has sniffed the input: 'same' keeps the input's format when an
 * encoder writes it, else PNG for losslessly stored inputs (GIF, BMP, TIFF…)
 * and JPEG for the rest (HEIC). A format no encoder writes is refused.
 */
export function resolveOutputFormat(requested: ImageFormat | 'same', input: ImageFormat, list: readonly EncoderMeta[] = encoders): EncoderMeta {
  const wanted = requested !== 'same' ? requested : encoderFor(input, list) ? input : FORMATS[input].lossless ? 'png' : 'jpeg';
  const encoder = encoderFor(wanted, list);
  if (!encoder) throw new ImageError('invalid-options', `No encoder for ${String(wanted)}; available: ${list.map((e) => e.format).join(', ')}`);
  return encoder;
}
