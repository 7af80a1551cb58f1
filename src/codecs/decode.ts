/**
 * Decoding, inside the image worker: sniff the bytes → read the declared
 * size from the header and refuse it BEFORE any decoder runs → read the
 * embedded metadata once → decode with the format's decoder → turn the pixels
 * upright where the decoder did not. Every failure is a typed ImageError with
 * a message naming the problem.
 */
import type { InputFormat } from '../core/types.ts';
import { formatLabel } from '../core/formats.ts';
import { readHeaderDimensions } from '../lib/header-dimensions.ts';
import { heifHasTransform } from '../lib/heif-metadata.ts';
import { DEFAULT_MAX_PIXELS, assertWithinPixelLimit, classifyError, corruptError, emptyFileError, notAnImageError, unsupportedFormatError } from '../lib/image-errors.ts';
import { embeddedOrientation, extractEmbeddedMetadata, rgbIcc, type EmbeddedMetadata } from '../lib/metadata-strip.ts';
import { applyOrientation, isOrientation, orientationTransform } from '../lib/orientation.ts';
import { sniff } from '../lib/sniff.ts';
import { structuralProblem } from '../lib/structure-check.ts';
import { decoderFor } from './decoders/registry.ts';
import type { Pixels } from '../core/pixels.ts';
import type { DecodedPixels, DecodeHints, DecoderDefinition } from './types.ts';

export interface DecodedImage {
  /** Upright RGBA pixels. */
  readonly pixels: Pixels;
  readonly format: InputFormat;
  /** The size the header declares (as stored, before orientation). */
  readonly storedWidth: number;
  readonly storedHeight: number;
  /** The EXIF orientation that was applied (by the decoder or here); 1 when none. */
  readonly orientation: number;
  readonly decoder: string;
  /** 'as-stored' when pixel values are still in the file's colour space (its ICC profile describes them). */
  readonly colour: 'srgb' | 'as-stored';
  /** The EXIF block and ICC profile as parsed here, for "keep metadata" after encoding (not parsed again). */
  readonly embedded: EmbeddedMetadata;
  /** What the decoder left out, for the user (e.g. an SVG's <foreignObject>). */
  readonly notes: readonly string[];
}

export interface DecodeOptions {
  /** Refuse images with more pixels than this (default DEFAULT_MAX_PIXELS). */
  readonly maxPixels?: number;
  /** The output carries the file's ICC profile (if it has an RGB one); then the browser must not convert colours. */
  readonly keepIcc?: boolean;
  /** What checkBeforeDecoding already found, so the bytes are not sniffed twice. */
  readonly header?: SniffedImage;
  /** SVG only: the size to render at (the declared size, or larger when the job enlarges; see svg-render-size.ts). */
  readonly svgRenderSize?: { readonly width: number; readonly height: number };
}

export { DEFAULT_MAX_PIXELS };

export interface SniffedImage {
  readonly format: InputFormat;
  readonly width: number;
  readonly height: number;
}

/** Everything that can be known without decoding; throws the typed error for bad input. */
export function inspectHeader(bytes: Uint8Array, maxPixels: number | undefined = DEFAULT_MAX_PIXELS): SniffedImage {
  if (bytes.length === 0) throw emptyFileError();
  let sniffed: ReturnType<typeof sniff>;
  try {
    sniffed = sniff(bytes);
  } catch (error) {
    throw classifyError(error, { stage: 'sniff' });
  }
  if (sniffed.kind === 'not-an-image') throw notAnImageError(sniffed.description);
  if (sniffed.kind === 'unsupported-image') throw unsupportedFormatError(sniffed.description);
  const format = sniffed.format;
  let header: ReturnType<typeof readHeaderDimensions>;
  try {
    header = readHeaderDimensions(bytes, format);
  } catch (error) {
    throw classifyError(error, { stage: 'decode', format, decoder: `the ${formatLabel(format)} header reader` });
  }
  if (!header.ok) throw corruptError(sniffed.format, header.reason);
  assertWithinPixelLimit(header.width, header.height, maxPixels);
  return { format: sniffed.format, width: header.width, height: header.height };
}

/** Header checks, then the structural ones: the size limit is enforced before the data is even looked at. */
export function checkBeforeDecoding(bytes: Uint8Array, maxPixels: number | undefined): SniffedImage {
  return checkStructure(bytes, inspectHeader(bytes, maxPixels));
}

/** The structural checks on a file whose header was already read. */
export function checkStructure(bytes: Uint8Array, header: SniffedImage): SniffedImage {
  let problem: string | undefined;
  try {
    problem = structuralProblem(bytes, header.format) ?? undefined;
  } catch (error) {
    throw classifyError(error, { stage: 'decode', format: header.format, decoder: 'the structure check', width: header.width, height: header.height });
  }
  if (problem) throw corruptError(header.format, problem);
  return header;
}

async function runDecoder(decoder: DecoderDefinition, buffer: ArrayBuffer, header: SniffedImage, hints: DecodeHints): Promise<DecodedPixels> {
  try {
    return await decoder.decode(buffer, hints);
  } catch (error) {
    // Out of memory, code that could not load (offline on first use), or damaged data, in words about the file.
    // Named for a sentence ("the browser's decoder stopped on…"); the label is for lists.
    const name = decoder.kind === 'native' ? "the browser's decoder" : `the ${formatLabel(header.format)} decoder`;
    throw classifyError(error, { stage: 'decode', format: header.format, decoder: name, width: header.width, height: header.height });
  }
}

/** Whether decode.ts must apply the EXIF orientation itself. */
function needsExifOrientation(decoder: DecoderDefinition, format: InputFormat, bytes: Uint8Array): boolean {
  if (decoder.orientation === 'decoder') return false;
  // libheif applies irot/imir; EXIF orientation then only repeats them.
  return !((format === 'heic' || format === 'avif') && heifHasTransform(bytes));
}

export async function decodeImage(buffer: ArrayBuffer, options: DecodeOptions = {}): Promise<DecodedImage> {
  const bytes = new Uint8Array(buffer);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const header = options.header ?? checkBeforeDecoding(bytes, maxPixels);
  const decoder = decoderFor(header.format);
  if (!decoder) throw unsupportedFormatError(formatLabel(header.format));

  // Only the browser converts colours; WASM/JS decoders hand back the stored values. The browser is told not to
  // only when an RGB profile will travel with the output to describe those values.
  let embedded: EmbeddedMetadata;
  try {
    embedded = await extractEmbeddedMetadata(bytes, header.format);
  } catch (error) {
    throw classifyError(error, { stage: 'decode', format: header.format, decoder: 'the metadata reader', width: header.width, height: header.height });
  }
  const keepIcc = options.keepIcc === true && rgbIcc(embedded) !== undefined;
  const colour = decoder.kind !== 'native' || keepIcc ? 'as-stored' : 'srgb';
  // SVG is drawn at the size the job needs, checked against the limit before anything is rendered.
  const svgSize = header.format === 'svg' ? (options.svgRenderSize ?? header) : undefined;
  if (svgSize) assertWithinPixelLimit(svgSize.width, svgSize.height, maxPixels);
  const decoded = await runDecoder(decoder, buffer, header, { colour, ...(svgSize ? { svg: { width: svgSize.width, height: svgSize.height, maxPixels } } : {}) });
  let pixels: Pixels = { data: decoded.data, width: decoded.width, height: decoded.height };
  // A second guard, in case a decoder picked a larger frame than the header announced (ICO, GIF).
  assertWithinPixelLimit(pixels.width, pixels.height, maxPixels);

  let orientation = 1;
  if (needsExifOrientation(decoder, header.format, bytes)) {
    const declared = embeddedOrientation(embedded, bytes, header.format);
    // Should a browser start honouring it, a swapped size shows the work is already done.
    const alreadyUpright = isOrientation(declared) && orientationTransform(declared).swapsDimensions && pixels.width === header.height && pixels.height === header.width && header.width !== header.height;
    if (isOrientation(declared) && declared !== 1 && !alreadyUpright) {
      pixels = applyOrientation(pixels, declared);
      orientation = declared;
    }
  } else if (decoder.kind === 'native') {
    orientation = embeddedOrientation(embedded, bytes, header.format) ?? 1;
  }
  return { pixels, format: header.format, storedWidth: header.width, storedHeight: header.height, orientation, decoder: decoder.id, colour, embedded, notes: decoded.notes ?? [] };
}
