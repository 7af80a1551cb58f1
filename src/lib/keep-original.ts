/**
 * Keep-original-if-smaller: whether to hand back the input file unchanged
 * instead of the re-encoded output. The rule, in order:
 *
 * 1. Only when the output format is the input format: a user who asked for
 *    WebP must not receive a JPEG, and inputs the engine cannot encode
 *    (GIF, HEIC, TIFF, …) are always converted.
 * 2. Only when no edit changed the pixels: a crop other than the full frame,
 *    a rotation, a flip, or a resize that changed the dimensions (a resize
 *    that left them as they were, e.g. "inside" on a small image, is no edit).
 * 3. Only when metadata may be kept, or the input carries none: returning
 *    the original after "strip metadata" would hand back its EXIF/GPS.
 * 4. Then only when the output is not smaller than the input (on a tie the
 *    original wins: same size, no generation loss).
 */
import { formatLabel, type ImageFormat } from '../core/formats.ts';
import type { Edits, InputFormat } from '../core/types.ts';

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
}

export interface KeepOriginalDecision {
  readonly keep: boolean;
  readonly reason: string;
}

export function decideKeepOriginal(input: KeepOriginalInput): KeepOriginalDecision {
  if (input.outputFormat !== input.inputFormat) {
    return { keep: false, reason: `The output is ${formatLabel(input.outputFormat)} and the original is ${formatLabel(input.inputFormat)}, so the converted file is used.` };
  }
  const edit = pixelEdit(input);
  if (edit) return { keep: false, reason: `The image was ${edit}, so the re-encoded file is used.` };
  if (input.metadata === 'strip' && input.inputHasMetadata) {
    return { keep: false, reason: 'The original carries metadata that was to be removed, so the re-encoded file is used.' };
  }
  if (input.outputBytes < input.inputBytes) {
    return { keep: false, reason: 'The re-encoded file is smaller than the original.' };
  }
  return { keep: true, reason: 'The re-encoded file was not smaller than the original, so the original is kept unchanged.' };
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
