/**
 * One image through decode → edit → encode, inside the image worker. The
 * request says what the caller wants; this is the one place it is resolved:
 * the input is sniffed once, "same as input" becomes a codec, the metadata
 * decodeImage parsed is what "keep metadata" writes, and the result says
 * which format was written. Every failure leaves as an ImageError with a
 * message fit for the user.
 */
import { checkStructure, decodeImage, inspectHeader, type SniffedImage } from '../codecs/decode.ts';
import { assertRequestFitsEncoder, encodePixelsReporting } from '../codecs/encode.ts';
import { carryMetadataInto } from '../codecs/metadata.ts';
import { resizePixels } from '../codecs/processors/resize/process.ts';
import { resolveOutputFormat } from '../codecs/registry.ts';
import type { EncoderMeta } from '../codecs/types.ts';
import { formatExtension, formatMime, type ImageFormat } from '../core/formats.ts';
import type { OptionRecord } from '../core/option-schema.ts';
import type { Pixels } from '../core/pixels.ts';
import { ImageError, type ProcessRequest, type ProcessResult } from '../core/types.ts';
import { classifyError } from '../lib/image-errors.ts';
import { svgRenderSize } from '../lib/svg-render-size.ts';
import { planEdits, type EditPlan } from '../lib/geometry.ts';
import { decideKeepOriginal, type KeepOriginalDecision } from '../lib/keep-original.ts';
import { carriesMetadata, hasLosslessStrip, METADATA_OUTPUT_FORMATS, stripMetadataLossless, type EmbeddedMetadata } from '../lib/metadata-strip.ts';
import { readExifOrientation } from '../lib/exif-block.ts';
import { ownedBuffer } from '../codecs/wasm.ts';
import { validateOptions } from '../lib/option-schema.ts';
import { cropPixels, flattenOnto, flipPixels, hasTransparency, parseHexColour, rotatePixels } from '../lib/pixel-ops.ts';
import { encodeWithSmartMode } from './smart.ts';
// edit lane: straighten, crop rules and lossless JPEG turns
import { resolveEdits } from '../lib/edit-geometry.ts';
import { straightenPixels } from '../lib/straighten.ts';
import { losslessJpegTurn } from '../lib/lossless-turn.ts';

function invalid(error: unknown): ImageError {
  return error instanceof ImageError ? error : new ImageError('invalid-options', error instanceof Error ? error.message : String(error));
}

/** The codec's options: its defaults, the caller's codecOptions, and "quality" on its quality key. */
export function encoderOptions(encoder: EncoderMeta, output: ProcessRequest['output']): OptionRecord {
  const requested = {
    ...output.codecOptions,
    // Palette lane: the visible PNG mode applies to every PNG the job writes (see ProcessRequest.output.pngMode).
    ...(encoder.id === 'png' && output.pngMode ? { reducePalette: output.pngMode === 'palette' } : {}),
    ...(output.quality !== undefined && encoder.qualityKey ? { [encoder.qualityKey]: output.quality } : {}),
  };
  const checked = validateOptions(encoder.options, requested, `${encoder.label} `);
  if (!checked.ok) throw new ImageError('invalid-options', checked.errors.join('; '));
  return checked.value;
}

/** The edits in their documented order; shared with the live view's session (src/workers/live-view.ts). */
export async function applyEdits(pixels: Pixels, plan: EditPlan, straighten = 0): Promise<Pixels> {
  let image = pixels;
  // edit lane: straighten (with its auto-crop) comes first; plan was made for the straightened size.
  if (straighten) image = straightenPixels(image, straighten);
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

/** The steps a job reports as it goes, so the watchdog can say which one ran too long. */
export type JobStage = 'decode' | 'edit' | 'encode';

export interface ProcessHooks {
  /** Called once the header is read (format and declared size known), before any structural check or decoding. */
  readonly onHeader?: (header: SniffedImage) => void;
  readonly onStage?: (stage: JobStage) => void;
  /** Awaited after the header checks, before decoding: the pool admits the job when its pixels fit in memory. */
  readonly admit?: () => Promise<void>;
}

function reportHeader(header: SniffedImage, hooks: ProcessHooks): SniffedImage {
  hooks.onHeader?.(header);
  return header;
}

/** `header`: what the caller already sniffed (the strip operation), so it is not sniffed again. */
export async function processImage(request: ProcessRequest, hooks: ProcessHooks = {}, header?: SniffedImage): Promise<ProcessOutcome> {
  const started = performance.now();
  const input = request.input;
  const inputBytes = input.byteLength;
  const bytes = new Uint8Array(input);
  const sniffed = header ?? checkStructure(bytes, reportHeader(inspectHeader(bytes, request.maxPixels), hooks));
  const encoder = resolveOutputFormat(request.output.format, sniffed.format);
  const options = encoderOptions(encoder, request.output);
  const format = encoder.format;
  // The encoder's dimension limits, against the size the edits will produce, before any decoding. (SVG's drawing
  // size depends on the edits; its encode-time check applies.)
  if (sniffed.format !== 'svg') assertRequestFitsEncoder(encoder, sniffed, request.edits);
  if (hooks.admit && !header) await hooks.admit();
  // --- edit lane: a JPEG turned or flipped without re-encoding (src/lib/lossless-turn.ts) ---
  let losslessNote: string | undefined;
  if (request.lossless === true && sniffed.format === 'jpeg' && format === 'jpeg') {
    let turned: ReturnType<typeof losslessJpegTurn>;
    try {
      turned = losslessJpegTurn(bytes, sniffed, request.edits, request.metadata ?? 'strip', (request.smart?.kind ?? 'none') !== 'none');
    } catch (error) {
      throw classifyError(error, { stage: 'edit', width: sniffed.width, height: sniffed.height });
    }
    if (turned.kind === 'done') {
      const output = turned.bytes.slice().buffer;
      const took = performance.now() - started;
      return {
        result: {
          output, format: 'jpeg', mime: formatMime('jpeg'), extension: formatExtension('jpeg'), width: turned.width, height: turned.height,
          inputFormat: 'jpeg', inputWidth: turned.inputWidth, inputHeight: turned.inputHeight, inputBytes, keptOriginal: false,
          metadata: request.metadata === 'keep' ? 'kept' : 'stripped', lossless: 'orientation', notes: [turned.note],
          timings: { decode: 0, edit: took, encode: 0 },
        },
        peakPixels: 0,
      };
    }
    losslessNote = turned.note;
  }
  // --- end edit lane ---
  hooks.onStage?.('decode');
  const decoded = await decodeImage(input, {
    header: sniffed,
    ...(request.maxPixels === undefined ? {} : { maxPixels: request.maxPixels }),
    // SVG: drawn at its declared size (already within the limit), or larger when the job enlarges it anyway.
    ...(sniffed.format === 'svg' ? { svgRenderSize: svgRenderSize(sniffed, request.edits) } : {}),
    // With 'keep', the ICC profile travels along, so the browser must leave colours as stored.
    keepIcc: request.metadata === 'keep' && METADATA_OUTPUT_FORMATS.includes(format),
  });
  const decodedAt = performance.now();
  const { width: inputWidth, height: inputHeight } = decoded.pixels;

  let plan: EditPlan;
  let background: { r: number; g: number; b: number };
  // edit lane: straighten and crop rules resolved against the decoded size.
  let resolved: ReturnType<typeof resolveEdits>;
  try {
    resolved = resolveEdits(decoded.pixels, request.edits);
    plan = planEdits(resolved.size, resolved.edits);
    background = parseHexColour(request.background ?? '#ffffff');
  } catch (error) {
    throw invalid(error);
  }

  hooks.onStage?.('edit');
  let pixels: Pixels;
  try {
    pixels = await applyEdits(decoded.pixels, plan, resolved.straighten);
  } catch (error) {
    throw classifyError(error, { stage: 'edit', width: inputWidth, height: inputHeight });
  }
  // MozJPEG would otherwise keep whatever colour hides under transparent pixels.
  if (!encoder.supportsAlpha && hasTransparency(pixels)) flattenOnto(pixels, background);
  const editedAt = performance.now();

  hooks.onStage?.('encode');
  const smart = request.smart ?? { kind: 'none' };
  let output: ArrayBuffer;
  let quality: ProcessResult['quality'];
  let encodedWith: string | undefined; // native lane: which implementation wrote the bytes
  if (smart.kind === 'none') {
    ({ output, implementation: encodedWith } = await encodePixelsReporting(encoder, pixels, options));
  } else {
    const chosen = await encodeWithSmartMode(encoder, pixels, options, smart);
    output = chosen.output;
    quality = chosen.quality;
  }
  const { width, height } = pixels;
  pixels = { data: new Uint8ClampedArray(0), width: 0, height: 0 };

  // Carries EXIF/ICC over when asked, else strips; from the metadata decodeImage already parsed.
  const carried = carryMetadataInto(decoded.embedded, output, format, request.metadata ?? 'strip', decoded.colour);
  const encodedAt = performance.now();

  const keep = request.keepOriginalIfSmaller === true
    ? keepOriginalChoice(request, resolved.edits, new Uint8Array(input), decoded.format, decoded.embedded, { inputWidth, inputHeight, format, outputBytes: carried.output.byteLength, width, height })
    : undefined;

  const timings = { decode: decodedAt - started, edit: editedAt - decodedAt, encode: encodedAt - editedAt };
  const common = { inputFormat: decoded.format, inputWidth, inputHeight, inputBytes, timings, ...(quality ? { quality } : {}), ...(decoded.notes.length > 0 || losslessNote ? { notes: [...decoded.notes, ...(losslessNote ? [losslessNote] : [])] } : {}) };
  const peakPixels = Math.max(inputWidth * inputHeight, width * height);
  const keptFields = keep ? { kept: keep.decision.kept, keptReason: keep.decision.reason, ...(keep.decision.keep ? { encodedBytes: carried.output.byteLength } : {}) } : {};
  if (keep?.decision.kept === 'original') {
    return { result: { ...common, ...keptFields, output: input, format: decoded.format, mime: formatMime(decoded.format), extension: formatExtension(decoded.format), width: inputWidth, height: inputHeight, keptOriginal: true, metadata: 'kept' }, peakPixels };
  }
  if (keep?.decision.kept === 'stripped-original' && keep.stripped) {
    const output = ownedBuffer(keep.stripped);
    return { result: { ...common, ...keptFields, output, format: decoded.format, mime: formatMime(decoded.format), extension: formatExtension(decoded.format), width: inputWidth, height: inputHeight, keptOriginal: true, metadata: 'stripped' }, peakPixels };
  }
  return { result: { ...common, ...keptFields, output: carried.output, format, mime: encoder.mime, extension: encoder.extension, width, height, keptOriginal: false, metadata: carried.metadata, ...(encodedWith ? { encodedWith } : {}) }, peakPixels };
}

// --- keep-original (honest lane): the candidate is the original, or the original stripped losslessly ---

interface EncodedFacts {
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly format: ImageFormat;
  readonly outputBytes: number;
  readonly width: number;
  readonly height: number;
}

function keepOriginalChoice(request: ProcessRequest, edits: ProcessRequest['edits'], bytes: Uint8Array, inputFormat: ImageFormat, embedded: EmbeddedMetadata, facts: EncodedFacts): { decision: KeepOriginalDecision; stripped?: Uint8Array } {
  const metadata = request.metadata ?? 'strip';
  // Looked at only when keep-original is asked. Unknown counts as "has metadata", so a strip request never returns the original's EXIF.
  const inputHasMetadata = carriesMetadata(bytes, inputFormat) ?? true;
  let stripped: Uint8Array | undefined;
  let strippedUnavailable: string | undefined;
  if (metadata === 'strip' && inputHasMetadata && inputFormat === facts.format && hasLosslessStrip(inputFormat)) {
    const orientation = embedded.exif ? readExifOrientation(embedded.exif) : undefined;
    if (orientation !== undefined && orientation !== 1) {
      // The stripped original would need its orientation tag to show upright, and a stripped result carries no EXIF
      // (README "Colour and metadata"; the audit's output policy); the new encode is upright without one.
      strippedUnavailable = 'The original is stored rotated and needs its EXIF orientation tag to show upright, which a result without metadata may not carry, so the new (upright) encode is used.';
    } else {
      try {
        stripped = stripMetadataLossless(bytes, inputFormat).bytes;
      } catch {
        strippedUnavailable = `The original's metadata could not be removed losslessly, so the new encode is used.`;
      }
    }
  }
  const decision = decideKeepOriginal({
    inputFormat,
    inputBytes: bytes.byteLength,
    inputWidth: facts.inputWidth,
    inputHeight: facts.inputHeight,
    inputHasMetadata,
    outputFormat: facts.format,
    outputBytes: facts.outputBytes,
    outputWidth: facts.width,
    outputHeight: facts.height,
    ...(edits ? { edits } : {}),
    metadata,
    ...(stripped ? { strippedBytes: stripped.byteLength } : {}),
    ...(strippedUnavailable ? { strippedUnavailable } : {}),
  });
  return { decision, ...(stripped ? { stripped } : {}) };
}
