/**
 * Lossless JPEG turns: a 90° rotation or flip of a JPEG by setting its EXIF orientation, with the compressed
 * image data (and its tables) copied byte for byte. Every viewer that honours EXIF orientation (browsers,
 * phones, photo apps) shows it turned; the pixels are never decoded. Pure: no DOM, no workers.
 */
import type { Edits } from '../core/types.ts';
import { orientationOnlyExif, readExifOrientation, withExifOrientation } from './exif-block.ts';
import { isNoTurn, orientationAfter, type Turn } from './edit-geometry.ts';
import { extractJpegMetadata, insertJpegMetadata, stripJpegMetadata } from './jpeg-metadata.ts';
import { uprightDimensions, type Orientation } from './orientation.ts';

export type LosslessTurn =
  | {
      readonly kind: 'done';
      readonly bytes: Uint8Array;
      readonly orientation: Orientation;
      /** Displayed size after the turn, and before it. */
      readonly width: number;
      readonly height: number;
      readonly inputWidth: number;
      readonly inputHeight: number;
      readonly note: string;
    }
  /** Not possible: `note` says why a re-encode was needed, when the user would expect the lossless path. */
  | { readonly kind: 'not-possible'; readonly note?: string };

/** The edits that force new pixels, in words, or undefined when the edits are quarter turns and flips only. */
export function pixelChangingEdits(edits: Edits | undefined, smart: boolean): string | undefined {
  const reasons = [
    ...(edits?.crop || edits?.cropRule ? ['cropping'] : []),
    ...(edits?.straighten ? ['straightening'] : []),
    ...(edits?.resize ? ['resizing'] : []),
    ...(smart ? ['a target size or similarity'] : []),
  ];
  if (reasons.length === 0) return undefined;
  return reasons.length === 1 ? (reasons[0] as string) : `${reasons.slice(0, -1).join(', ')} and ${reasons.at(-1) as string}`;
}

export function editTurn(edits: Edits | undefined): Turn {
  return { rotate: edits?.rotate ?? 0, flipHorizontal: edits?.flipHorizontal === true, flipVertical: edits?.flipVertical === true };
}

/**
 * `stored`: the size the JPEG's frame header declares. With metadata 'strip' only the new orientation (and the
 * ICC profile, which defines the colours of data that is not re-encoded) is kept; with 'keep' everything is kept
 * and only the orientation value changes.
 */
export function losslessJpegTurn(bytes: Uint8Array, stored: { width: number; height: number }, edits: Edits | undefined, metadata: 'strip' | 'keep', smart: boolean): LosslessTurn {
  const turn = editTurn(edits);
  const changing = pixelChangingEdits(edits, smart);
  if (changing) return { kind: 'not-possible', note: `Re-encoded: ${changing} ${changing.includes(' and ') ? 'need' : 'needs'} new pixels (only 90° turns and flips of a JPEG can be lossless).` };
  if (isNoTurn(turn)) return { kind: 'not-possible' };
  const { exif } = extractJpegMetadata(bytes);
  const current = exif ? readExifOrientation(exif) : undefined;
  const orientation = orientationAfter(current, turn);
  let output: Uint8Array;
  if (metadata === 'keep' && exif) {
    if (current === undefined) {
      return { kind: 'not-possible', note: 'Re-encoded: this JPEG\'s EXIF block has no orientation entry to set, and its metadata was to be kept.' };
    }
    output = insertJpegMetadata(bytes, { exif: withExifOrientation(exif, orientation) });
  } else {
    const base = metadata === 'keep' ? bytes : stripJpegMetadata(bytes, { keepIcc: true }).bytes;
    output = insertJpegMetadata(base, { exif: orientationOnlyExif(orientation) });
  }
  const before = uprightDimensions(stored.width, stored.height, current);
  const after = uprightDimensions(stored.width, stored.height, orientation);
  const verb = turn.rotate === 0 || (turn.rotate === 180 && turn.flipHorizontal) ? 'Flipped' : 'Rotated';
  return {
    kind: 'done', bytes: output, orientation, width: after.width, height: after.height, inputWidth: before.width, inputHeight: before.height,
    note: `${verb} losslessly: image data unchanged (orientation set).`,
  };
}
