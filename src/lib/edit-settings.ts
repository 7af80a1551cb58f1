/**
 * The Edit tool's remembered settings (the `edit` block of ToolSettings), their sanitising, and what they
 * become in the engine request. Pure. Angles and crops are stated on the *view* (what the editor shows:
 * straightened, then turned); src/lib/edit-geometry.ts maps them to the engine's order.
 */
import type { CropAnchor, CropRule, Edits } from '../core/types.ts';
import { ASPECT_PRESETS, aspectRatio, CROP_ANCHORS, isNoTurn, MAX_STRAIGHTEN, sourceStraighten, type AspectPreset, type Turn } from './edit-geometry.ts';

/** none: no crop; aspect: the largest box of the preset's ratio at the anchor; box: a box drawn on the image, as % of each image. */
export type CropMode = 'none' | 'aspect' | 'box';

export interface EditSettings {
  readonly cropMode: CropMode;
  readonly aspect: AspectPreset;
  readonly customWidth: number;
  readonly customHeight: number;
  /** Portrait/landscape swap of the preset's ratio. */
  readonly swapped: boolean;
  readonly anchor: CropAnchor;
  /** For cropMode 'box': percentages of the view's width and height. */
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly rotate: 0 | 90 | 180 | 270;
  readonly flipHorizontal: boolean;
  readonly flipVertical: boolean;
  /** Degrees on the view, −45…45, clockwise positive. */
  readonly straighten: number;
  /** Turn and flip JPEGs without re-encoding when nothing else changes the pixels. */
  readonly lossless: boolean;
}

export const DEFAULT_EDIT: EditSettings = {
  cropMode: 'none', aspect: 'free', customWidth: 3, customHeight: 2, swapped: false, anchor: 'center',
  box: { x: 0, y: 0, width: 100, height: 100 }, rotate: 0, flipHorizontal: false, flipVertical: false, straighten: 0, lossless: true,
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const pick = <T>(value: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);
const num = (value: unknown, min: number, max: number, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
const bool = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);

export function sanitizeEditSettings(raw: unknown, defaults: EditSettings = DEFAULT_EDIT): EditSettings {
  if (!isRecord(raw)) return defaults;
  const box = isRecord(raw['box']) ? raw['box'] : {};
  const x = num(box['x'], 0, 100, NaN);
  const y = num(box['y'], 0, 100, NaN);
  const width = num(box['width'], 0.0001, 100 - x, NaN);
  const height = num(box['height'], 0.0001, 100 - y, NaN);
  // A box that does not fit is dropped as a whole, never half-kept.
  const validBox = [x, y, width, height].every(Number.isFinite) ? { x, y, width, height } : defaults.box;
  return {
    cropMode: pick(raw['cropMode'], ['none', 'aspect', 'box'] as const, defaults.cropMode),
    aspect: pick(raw['aspect'], ASPECT_PRESETS, defaults.aspect),
    customWidth: num(raw['customWidth'], 0.01, 100_000, defaults.customWidth),
    customHeight: num(raw['customHeight'], 0.01, 100_000, defaults.customHeight),
    swapped: bool(raw['swapped'], defaults.swapped),
    anchor: pick(raw['anchor'], CROP_ANCHORS, defaults.anchor),
    box: validBox,
    rotate: pick(raw['rotate'], [0, 90, 180, 270] as const, defaults.rotate),
    flipHorizontal: bool(raw['flipHorizontal'], defaults.flipHorizontal),
    flipVertical: bool(raw['flipVertical'], defaults.flipVertical),
    straighten: num(raw['straighten'], -MAX_STRAIGHTEN, MAX_STRAIGHTEN, defaults.straighten),
    lossless: bool(raw['lossless'], defaults.lossless),
  };
}

export const editTurnOf = (edit: EditSettings): Turn => ({ rotate: edit.rotate, flipHorizontal: edit.flipHorizontal, flipVertical: edit.flipVertical });

/**
 * The crop rule for the engine, or undefined. 'original' needs each image's own ratio, which only the worker
 * knows after decoding: a full-size box keeps it (and an 'original' box drawn on one image keeps its share).
 */
export function editCropRule(edit: EditSettings): CropRule | undefined {
  if (edit.cropMode === 'none') return undefined;
  if (edit.cropMode === 'box') {
    const { x, y, width, height } = edit.box;
    if (x === 0 && y === 0 && width >= 100 && height >= 100) return undefined;
    // A box drawn with a ratio keeps that ratio on every image of the batch.
    const ratio = edit.aspect === 'free' || edit.aspect === 'original' ? undefined : aspectRatio(edit, { width: 1, height: 1 });
    return { kind: 'relative', x, y, width, height, ...(ratio ? { ratio } : {}) };
  }
  if (edit.aspect === 'free' || edit.aspect === 'original') return undefined;
  const ratio = aspectRatio(edit, { width: 1, height: 1 });
  return ratio === undefined ? undefined : { kind: 'aspect', ratio, anchor: edit.anchor };
}

/** The engine's edits and the lossless wish, or nothing when the settings change nothing. */
export function editRequest(edit: EditSettings | undefined): { edits?: Edits; lossless?: boolean } {
  if (!edit) return {};
  const turn = editTurnOf(edit);
  const cropRule = editCropRule(edit);
  const straighten = sourceStraighten(Math.round(edit.straighten * 100) / 100, turn);
  const turned = !isNoTurn(turn);
  if (!cropRule && !straighten && !turned) return {};
  return {
    edits: {
      ...(turn.rotate ? { rotate: turn.rotate } : {}),
      ...(turn.flipHorizontal ? { flipHorizontal: true } : {}),
      ...(turn.flipVertical ? { flipVertical: true } : {}),
      ...(straighten ? { straighten } : {}),
      ...(cropRule ? { cropRule } : {}),
    },
    ...(edit.lossless && turned ? { lossless: true } : {}),
  };
}
