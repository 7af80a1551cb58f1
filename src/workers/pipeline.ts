/**
 * One image through decode → edit → encode, inside the image worker.
 * Every failure leaves as an ImageError with a message fit for the user.
 */
import type { EncoderDefinition, Pixels } from '../codecs/types.ts';
import { decodeImage } from '../codecs/decode.ts';
import { encoderFor, isOutputFormat } from '../codecs/registry.ts';
import { ImageError, type InputFormat, type OutputFormat, type ProcessRequest, type ProcessResult } from '../engine/types.ts';
import { planEdits, type EditPlan } from '../lib/geometry.ts';
import { decideKeepOriginal } from '../lib/keep-original.ts';
import { validateOptions } from '../lib/option-schema.ts';
import { cropPixels, flattenOnto, flipPixels, hasTransparency, parseHexColour, rotatePixels } from '../lib/pixel-ops.ts';
import { carryMetadata } from './metadata-hook.ts';
import { METADATA_OUTPUT_FORMATS } from '../lib/metadata-strip.ts';
import { resizePixels } from './resize.ts';
import { codeUnavailableError, looksLikeCodeLoadFailure } from '../lib/image-errors.ts';
import { encodeWithSmartMode } from './smart.ts';

const LOSSLESS_INPUTS: readonly InputFormat[] = ['png', 'gif', 'bmp', 'ico', 'svg', 'tiff', 'qoi'];

/** 'same' keeps the input format when it can be encoded, else PNG for lossless inputs, JPEG for the rest. */
export function resolveOutputFormat(requested: OutputFormat | 'same', input: InputFormat): OutputFormat {
  if (requested !== 'same') return requested;
  if (isOutputFormat(input)) return input;
  return LOSSLESS_INPUTS.includes(input) ? 'png' : 'jpeg';
}

function invalid(error: unknown): ImageError {
  return new ImageError('invalid-options', error instanceof Error ? error.message : String(error));
}

const isOutOfMemory = (error: unknown): boolean =>
  error instanceof RangeError || /out of memory|\bOOM\b|memory access out of bounds|could not allocate|allocation failed|Cannot enlarge memory|Maximum memory size/i.test(String(error));

/** Runs a codec call, turning its crashes into typed errors. */
export async function encodeSafely(encoder: EncoderDefinition, pixels: Pixels, options: Readonly<Record<string, unknown>>): Promise<ArrayBuffer> {
  try {
    return await encoder.encode(pixels, options);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    if (looksLikeCodeLoadFailure(error)) throw codeUnavailableError(encoder.label);
    if (isOutOfMemory(error)) {
      throw new ImageError('out-of-memory', `${encoder.label} ran out of memory on this ${pixels.width} × ${pixels.height} image. Resize it first or choose a lighter format (WebP or MozJPEG).`);
    }
    throw new ImageError('encode-failed', `${encoder.label} could not encode this image: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function applyEdits(pixels: Pixels, plan: EditPlan): Promise<Pixels> {
  let image = pixels;
  if (plan.crop) image = cropPixels(image, plan.crop);
  image = rotatePixels(image, plan.rotate);
  image = flipPixels(image, plan.flipHorizontal, plan.flipVertical);
  if (plan.resize) {
    const { source } = plan.resize;
    if (source.width !== image.width || source.height !== image.height) image = cropPixels(image, source);
    image = await resizePixels(image, plan.resize.width, plan.resize.height, plan.resize.method);
  }
  return image;
}

export interface ProcessOutcome {
  readonly result: ProcessResult;
  /** The most pixels this job held at once, so the pool can recycle a worker after a big one. */
  readonly peakPixels: number;
}

/** `raster`: an SVG input already rendered by the page (src/engine/svg-raster.ts). */
export async function processImage(request: ProcessRequest, raster?: ImageBitmap): Promise<ProcessOutcome> {
  const started = performance.now();
  const input = request.input;
  const inputBytes = input.byteLength;
  const decoded = await decodeImage(input, {
    ...(request.maxPixels === undefined ? {} : { maxPixels: request.maxPixels }),
    ...(raster ? { raster } : {}),
    // With 'keep', the ICC profile travels along, so the browser must leave colours as stored.
    keepIccFor: (sourceFormat) => request.metadata === 'keep' && METADATA_OUTPUT_FORMATS.includes(resolveOutputFormat(request.output.format, sourceFormat)),
  });
  const decodedAt = performance.now();
  const { width: inputWidth, height: inputHeight } = decoded.pixels;

  const format = resolveOutputFormat(request.output.format, decoded.format);
  let encoder: EncoderDefinition;
  let plan: EditPlan;
  let background: { r: number; g: number; b: number };
  try {
    encoder = encoderFor(format);
    plan = planEdits(decoded.pixels, request.edits);
    background = parseHexColour(request.background ?? '#ffffff');
  } catch (error) {
    throw invalid(error);
  }
  const checked = validateOptions(encoder.options, request.output.options, `${encoder.label} `);
  if (!checked.ok) throw new ImageError('invalid-options', checked.errors.join('; '));

  let pixels = await applyEdits(decoded.pixels, plan);
  // MozJPEG would otherwise keep whatever colour hides under transparent pixels.
  if (!encoder.supportsAlpha && hasTransparency(pixels)) flattenOnto(pixels, background);
  const editedAt = performance.now();

  const smart = request.smart ?? { kind: 'none' };
  let output: ArrayBuffer;
  let quality: ProcessResult['quality'];
  if (smart.kind === 'none') {
    output = await encodeSafely(encoder, pixels, checked.value);
  } else {
    const chosen = await encodeWithSmartMode(encoder, pixels, checked.value, smart, (image, options) => encodeSafely(encoder, image, options));
    output = chosen.output;
    quality = chosen.quality;
  }
  const { width, height } = pixels;
  pixels = { data: new Uint8ClampedArray(0), width: 0, height: 0 };

  // METADATA HOOK (decode-meta): carries EXIF/ICC over when asked, else strips.
  const carried = await carryMetadata({ source: input, sourceFormat: decoded.format, output, outputFormat: format, mode: request.metadata ?? 'strip', pixelsColour: decoded.colour });
  const encodedAt = performance.now();

  const keepOriginal =
    request.keepOriginalIfSmaller === true &&
    decideKeepOriginal({
      inputFormat: decoded.format,
      inputBytes,
      inputWidth,
      inputHeight,
      // Unknown counts as "has metadata", so a strip request never returns the original's EXIF.
      inputHasMetadata: decoded.hasMetadata ?? true,
      outputFormat: format,
      outputBytes: carried.output.byteLength,
      outputWidth: width,
      outputHeight: height,
      ...(request.edits ? { edits: request.edits } : {}),
      metadata: request.metadata ?? 'strip',
    }).keep;

  const timings = { decode: decodedAt - started, edit: editedAt - decodedAt, encode: encodedAt - editedAt };
  const common = { inputFormat: decoded.format, inputWidth, inputHeight, inputBytes, timings, ...(quality ? { quality } : {}) };
  const peakPixels = Math.max(inputWidth * inputHeight, width * height);
  if (keepOriginal) {
    return { result: { ...common, output: input, format: decoded.format, mime: encoder.mime, extension: encoder.extension, width: inputWidth, height: inputHeight, keptOriginal: true, metadata: 'kept' }, peakPixels };
  }
  return { result: { ...common, output: carried.output, format, mime: encoder.mime, extension: encoder.extension, width, height, keptOriginal: false, metadata: carried.metadata }, peakPixels };
}
