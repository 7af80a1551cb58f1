/**
 * Keep-original-if-smaller: whether to hand back the input file (as it is, or
 * without its metadata) instead of the new encode. The rule, in order:
 *
 * 1. Only when the output format is the input format: a user who asked for
 *    WebP must not receive a JPEG, and inputs the engine cannot encode
 *    (GIF, HEIC, TIFF, …) are always converted.
 * 2. Only when no edit changed the pixels: a crop other than the full frame,
 *    a rotation, a flip, or a resize that changed the dimensions (a resize
 *    that left them as they were, e.g. "inside" on a small image, is no edit).
 * 3. The candidate is the original itself when metadata may be kept or it
 *    carries none; with "strip" and metadata present, it is the original
 *    with its metadata removed losslessly (JPEG, PNG, WebP: the compressed
 *    image data copied byte for byte), so "strip" never hands back EXIF/GPS.
 *    A format without a lossless strip has no candidate: the new encode is used.
 * 4. Then the candidate wins unless the new encode is smaller (on a tie the
 *    candidate wins: same size, no generation loss).
 *
 * The reason is one sentence for the row, with both sizes.
 */
import { formatBytes } from '../core/format-bytes.ts';
import { formatLabel, type ImageFormat } from '../core/formats.ts';
import type { Edits, InputFormat, KeptChoice } from '../core/types.ts';
import { sizeChange } from './format-size.ts';

export interface KeepOriginalInput {
  readonly inputFormat: InputFormat;
  readonly inputBytes: number;
  /** Displayed dimensions of the input (after EXIF orientation). */
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly inputHasMetadata: boolean;
  readonly outputFormat: ImageFormat;
  readonly outputBytes: number;
  readonly outputWidth: number;
  readonly outputHeight: number;
  readonly edits?: Edits;
  readonly metadata: 'strip' | 'keep';
  /**
   * Size of the original with its metadata removed losslessly, when that exists for this file
   * (undefined: no lossless strip for the format, or it cannot be used here).
   */
  readonly strippedBytes?: number;
  /** Why no stripped original is offered although the format has a lossless strip (e.g. its orientation). */
  readonly strippedUnavailable?: string;
}

export interface KeepOriginalDecision {
  readonly kept: KeptChoice;
  /** kept !== 'encoded', for callers that only need yes or no. */
  readonly keep: boolean;
  readonly reason: string;
}

const encoded = (reason: string): KeepOriginalDecision => ({ kept: 'encoded', keep: false, reason });

export function decideKeepOriginal(input: KeepOriginalInput): KeepOriginalDecision {
  const newLabel = `new ${formatLabel(input.outputFormat)}`;
  if (input.outputFormat !== input.inputFormat) {
    return encoded(`The output is ${formatLabel(input.outputFormat)} and the original is ${formatLabel(input.inputFormat)}, so the converted file is used.`);
  }
  const edit = pixelEdit(input);
  if (edit) return encoded(`The image was ${edit}, so the new encode is used.`);
  const strip = input.metadata === 'strip' && input.inputHasMetadata;
  if (strip && input.strippedBytes === undefined) {
    return encoded(input.strippedUnavailable
      ?? `The original carries metadata that was to be removed, and ${formatLabel(input.inputFormat)} has no lossless way to remove it here, so the new encode is used.`);
  }
  const candidateBytes = strip && input.strippedBytes !== undefined ? input.strippedBytes : input.inputBytes;
  const candidate = strip ? 'the original without its metadata' : 'the original';
  if (input.outputBytes < candidateBytes) {
    return encoded(`The ${newLabel} (${formatBytes(input.outputBytes)}) is smaller than ${candidate} (${formatBytes(candidateBytes)}).`);
  }
  const change = sizeChange(candidateBytes, input.outputBytes);
  const howMuch = change.direction === 'larger' ? `${change.description.replace(' than the original', '')}` : 'the same size';
  const what = `a ${newLabel} would have been ${formatBytes(input.outputBytes)}, ${howMuch}`;
  return strip
    ? { kept: 'stripped-original', keep: true, reason: `Kept the original without its metadata (image data unchanged): ${what}.` }
    : { kept: 'original', keep: true, reason: `Kept the original unchanged: ${what}.` };
}

/** What changed the pixels, in words, or undefined when nothing did. */
function pixelEdit(input: KeepOriginalInput): string | undefined {
  const { edits } = input;
  const crop = edits?.crop;
  if (crop && (crop.x !== 0 || crop.y !== 0 || crop.width !== input.inputWidth || crop.height !== input.inputHeight)) return 'cropped';
  if (edits?.rotate) return 'rotated';
  if (edits?.straighten) return 'straightened';
  if (edits?.flipHorizontal || edits?.flipVertical) return 'flipped';
  if (input.outputWidth !== input.inputWidth || input.outputHeight !== input.inputHeight) return 'resized';
  return undefined;
}
