/**
 * The Edit tool's geometry: aspect presets, crop rules resolved per image, the crop box's moves and resizes,
 * quarter turns and flips composed into one orientation (and into an EXIF orientation), and the straighten
 * auto-crop. Pure: no DOM, no workers.
 *
 * Two coordinate systems: the *source* (the upright decoded image, then straightened) where the engine crops,
 * and the *view* (the source after rotate and flip) where the user draws the crop box. The engine's order is
 * straighten → crop → rotate → flip, so a view rectangle is mapped back to the source before it is sent.
 */
import type { CropAnchor, CropRect, CropRule, Edits } from '../core/types.ts';
import { isOrientation, type Orientation } from './orientation.ts';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** A quarter turn (clockwise) followed by flips, as the engine applies them. */
export interface Turn {
  readonly rotate: 0 | 90 | 180 | 270;
  readonly flipHorizontal: boolean;
  readonly flipVertical: boolean;
}

export const NO_TURN: Turn = { rotate: 0, flipHorizontal: false, flipVertical: false };

// A transform of the 8-element square group as a 2×2 integer matrix [a, b, c, d] acting on (x, y), y pointing down:
// x' = a·x + b·y, y' = c·x + d·y.
type Matrix = readonly [number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3]];
const IDENTITY: Matrix = [1, 0, 0, 1];
/** 90° clockwise on screen: right becomes down. */
const QUARTER: Matrix = [0, -1, 1, 0];
const MIRROR_X: Matrix = [-1, 0, 0, 1];
const MIRROR_Y: Matrix = [1, 0, 0, -1];
const rotation = (degrees: 0 | 90 | 180 | 270): Matrix => {
  let m = IDENTITY;
  for (let i = 0; i < degrees / 90; i += 1) m = multiply(QUARTER, m);
  return m;
};
const same = (m: Matrix, n: Matrix): boolean => m.every((v, i) => v === n[i]);

function turnMatrix(turn: Turn): Matrix {
  let m = rotation(turn.rotate);
  if (turn.flipHorizontal) m = multiply(MIRROR_X, m);
  if (turn.flipVertical) m = multiply(MIRROR_Y, m);
  return m;
}

const ROTATIONS = [0, 90, 180, 270] as const;

/** The canonical turn (never flipVertical: a vertical flip is a horizontal one plus a half turn) with this matrix. */
function turnOf(m: Matrix): Turn {
  for (const rotate of ROTATIONS) {
    for (const flipHorizontal of [false, true]) {
      const candidate = { rotate, flipHorizontal, flipVertical: false };
      if (same(turnMatrix(candidate), m)) return candidate;
    }
  }
  throw new Error('Not a quarter-turn transform');
}

/** `then` applied after `first`, as one turn. */
export const composeTurns = (first: Turn, then: Turn): Turn => turnOf(multiply(turnMatrix(then), turnMatrix(first)));
export const rotateRight = (turn: Turn): Turn => composeTurns(turn, { ...NO_TURN, rotate: 90 });
export const rotateLeft = (turn: Turn): Turn => composeTurns(turn, { ...NO_TURN, rotate: 270 });
export const flipHorizontally = (turn: Turn): Turn => composeTurns(turn, { ...NO_TURN, flipHorizontal: true });
export const flipVertically = (turn: Turn): Turn => composeTurns(turn, { ...NO_TURN, flipVertical: true });
export const isNoTurn = (turn: Turn): boolean => same(turnMatrix(turn), IDENTITY);
export const swapsSides = (turn: Turn): boolean => turn.rotate === 90 || turn.rotate === 270;
/** True when the turn mirrors the picture (an odd number of flips). */
export const mirrors = (turn: Turn): boolean => turn.flipHorizontal !== turn.flipVertical;

// EXIF orientations as "mirror left–right first, then rotate clockwise" (src/lib/orientation.ts).
const EXIF_MATRICES: Readonly<Record<Orientation, Matrix>> = {
  1: IDENTITY,
  2: MIRROR_X,
  3: rotation(180),
  4: multiply(rotation(180), MIRROR_X),
  5: multiply(rotation(270), MIRROR_X),
  6: rotation(90),
  7: multiply(rotation(90), MIRROR_X),
  8: rotation(270),
};

/**
 * The EXIF orientation that shows the stored pixels as `current` did, then turned by `turn`: what a lossless
 * JPEG rotation writes. A missing or invalid orientation counts as 1.
 */
export function orientationAfter(current: number | undefined, turn: Turn): Orientation {
  const start = EXIF_MATRICES[isOrientation(current) ? current : 1];
  const wanted = multiply(turnMatrix(turn), start);
  const found = (Object.keys(EXIF_MATRICES) as unknown as string[]).map(Number).find((o) => same(EXIF_MATRICES[o as Orientation], wanted));
  return (found ?? 1) as Orientation;
}

export const turnedSize = (size: Size, turn: Turn): Size => (swapsSides(turn) ? { width: size.height, height: size.width } : size);

/**
 * Maps a rectangle drawn on the view (the source after `turn`) back onto the source. `source` is the size
 * before the turn. Quarter turns and flips map rectangles onto rectangles exactly.
 */
export function viewRectToSource(rect: CropRect, source: Size, turn: Turn): CropRect {
  const view = turnedSize(source, turn);
  const m = turnMatrix(turn);
  // The inverse of an orthogonal integer matrix is its transpose.
  const t: Matrix = [m[0], m[2], m[1], m[3]];
  const corner = (x: number, y: number): [number, number] => {
    const cx = x - view.width / 2;
    const cy = y - view.height / 2;
    return [t[0] * cx + t[1] * cy + source.width / 2, t[2] * cx + t[3] * cy + source.height / 2];
  };
  const [ax, ay] = corner(rect.x, rect.y);
  const [bx, by] = corner(rect.x + rect.width, rect.y + rect.height);
  const x = Math.round(Math.min(ax, bx));
  const y = Math.round(Math.min(ay, by));
  return { x, y, width: Math.round(Math.max(ax, bx)) - x, height: Math.round(Math.max(ay, by)) - y };
}

/** The turn that undoes `turn`. */
export const invertTurn = (turn: Turn): Turn => {
  const m = turnMatrix(turn);
  return turnOf([m[0], m[2], m[1], m[3]]);
};

/** A source rectangle as it appears on the view (the inverse of viewRectToSource). */
export const sourceRectToView = (rect: CropRect, source: Size, turn: Turn): CropRect => viewRectToSource(rect, turnedSize(source, turn), invertTurn(turn));

/** Keeps a box on the same part of the picture when the turn changes (the view changes shape under it). */
export function followTurn(rect: CropRect, source: Size, from: Turn, to: Turn): CropRect {
  return sourceRectToView(viewRectToSource(rect, source, from), source, to);
}

// --- straighten -------------------------------------------------------------------------------------------------

export const MAX_STRAIGHTEN = 45;

/**
 * The largest centred rectangle with the image's own aspect ratio that fits inside the image turned by
 * `degrees`: what straighten keeps, so no corner is empty. Whole pixels, at least 1×1.
 */
export function straightenedSize(size: Size, degrees: number): Size {
  if (!degrees) return size;
  const angle = (Math.abs(degrees) * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const { width: w, height: h } = size;
  // A centred w·s × h·s rectangle fits when both of its corners, turned back, stay inside w × h.
  const scale = Math.min(w / (w * cos + h * sin), h / (w * sin + h * cos));
  // A hair of slack so rounding never reaches a corner the turned image does not cover.
  return { width: Math.max(1, Math.floor(w * scale - 1e-6)), height: Math.max(1, Math.floor(h * scale - 1e-6)) };
}

export function validateStraighten(degrees: unknown): number {
  if (typeof degrees !== 'number' || !Number.isFinite(degrees) || Math.abs(degrees) > MAX_STRAIGHTEN) {
    throw new Error(`Straighten must be an angle from −${MAX_STRAIGHTEN}° to ${MAX_STRAIGHTEN}°, got ${String(degrees)}`);
  }
  return degrees;
}

/**
 * The editor's straighten slider turns the picture as it is shown (after the turn); the engine straightens the
 * source before the turn. A mirroring turn reverses the direction of any rotation it is swapped with.
 */
export const sourceStraighten = (viewDegrees: number, turn: Turn): number => (mirrors(turn) ? -viewDegrees : viewDegrees) || 0;

/** The size the editor shows: the decoded image straightened, then turned. */
export const viewSize = (decoded: Size, straighten: number, turn: Turn): Size => turnedSize(straightenedSize(decoded, straighten), turn);

// --- aspect presets and crop rules ------------------------------------------------------------------------------

export const ASPECT_PRESETS = ['free', 'original', '1:1', '4:3', '3:2', '16:9', '9:16', '4:5', 'custom'] as const;
export type AspectPreset = (typeof ASPECT_PRESETS)[number];

export const ASPECT_LABELS: Readonly<Record<AspectPreset, string>> = {
  free: 'Free', original: 'Original', '1:1': 'Square 1:1', '4:3': '4:3', '3:2': '3:2', '16:9': '16:9', '9:16': '9:16 (story)', '4:5': '4:5 (portrait post)', custom: 'Custom',
};

export const CROP_ANCHORS: readonly CropAnchor[] = ['top-left', 'top', 'top-right', 'left', 'center', 'right', 'bottom-left', 'bottom', 'bottom-right'];

export interface AspectChoice {
  readonly aspect: AspectPreset;
  /** For 'custom': width and height of the ratio (any positive numbers). */
  readonly customWidth: number;
  readonly customHeight: number;
  /** Swap the ratio's sides (4:3 becomes 3:4). */
  readonly swapped: boolean;
}

/** width / height of the chosen aspect, or undefined for free. `image`: the view's size ('original'). */
export function aspectRatio(choice: AspectChoice, image: Size): number | undefined {
  let ratio: number | undefined;
  if (choice.aspect === 'free') return undefined;
  if (choice.aspect === 'original') ratio = image.width / image.height;
  else if (choice.aspect === 'custom') ratio = choice.customWidth > 0 && choice.customHeight > 0 ? choice.customWidth / choice.customHeight : undefined;
  else {
    const [w, h] = choice.aspect.split(':').map(Number) as [number, number];
    ratio = w / h;
  }
  if (ratio === undefined || !Number.isFinite(ratio) || ratio <= 0) return undefined;
  return choice.swapped ? 1 / ratio : ratio;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** The anchor's place along one side: 0 start, 0.5 centre, 1 end. */
function anchorFractions(anchor: CropAnchor): { fx: number; fy: number } {
  const fx = anchor.endsWith('left') ? 0 : anchor.endsWith('right') ? 1 : 0.5;
  const fy = anchor.startsWith('top') ? 0 : anchor.startsWith('bottom') ? 1 : 0.5;
  return { fx, fy };
}

/** The largest rectangle of width:height = ratio inside the image, placed at the anchor (whole pixels). */
export function largestAspectRect(image: Size, ratio: number, anchor: CropAnchor = 'center'): CropRect {
  if (!(ratio > 0) || !Number.isFinite(ratio)) throw new Error(`An aspect ratio must be a positive number, got ${String(ratio)}`);
  let width = image.width;
  let height = Math.round(width / ratio);
  if (height > image.height) {
    height = image.height;
    width = Math.round(height * ratio);
  }
  width = clamp(width, 1, image.width);
  height = clamp(height, 1, image.height);
  const { fx, fy } = anchorFractions(anchor);
  return { x: Math.round((image.width - width) * fx), y: Math.round((image.height - height) * fy), width, height };
}

/** Clamps any rectangle into the image with whole pixels and at least 1×1. */
export function clampRect(rect: CropRect, image: Size): CropRect {
  const width = clamp(Math.round(rect.width), 1, image.width);
  const height = clamp(Math.round(rect.height), 1, image.height);
  return { x: clamp(Math.round(rect.x), 0, image.width - width), y: clamp(Math.round(rect.y), 0, image.height - height), width, height };
}

/** A crop rule resolved against the view's size. */
export function resolveCropRule(rule: CropRule, image: Size): CropRect {
  switch (rule.kind) {
    case 'aspect':
      return largestAspectRect(image, rule.ratio, rule.anchor);
    case 'relative': {
      const values = [rule.x, rule.y, rule.width, rule.height];
      if (!values.every((v) => Number.isFinite(v) && v >= 0 && v <= 100) || rule.width <= 0 || rule.height <= 0) {
        throw new Error('A relative crop needs x, y, width and height as percentages from 0 to 100, with a width and height above 0');
      }
      const x = Math.round((rule.x / 100) * image.width);
      const y = Math.round((rule.y / 100) * image.height);
      const right = Math.round((Math.min(100, rule.x + rule.width) / 100) * image.width);
      const bottom = Math.round((Math.min(100, rule.y + rule.height) / 100) * image.height);
      const rect = clampRect({ x, y, width: Math.max(1, right - x), height: Math.max(1, bottom - y) }, image);
      if (rule.ratio === undefined) return rect;
      if (!(rule.ratio > 0) || !Number.isFinite(rule.ratio)) throw new Error(`An aspect ratio must be a positive number, got ${String(rule.ratio)}`);
      // Within a pixel of the ratio already (the image it was drawn on): keep it as drawn.
      if (Math.abs(rect.width - rect.height * rule.ratio) <= Math.max(1, rule.ratio)) return rect;
      return fitRatioInto(rect, rule.ratio, image);
    }
    case 'pixels':
      if (![rule.x, rule.y, rule.width, rule.height].every(Number.isFinite) || rule.width < 1 || rule.height < 1) {
        throw new Error('A pixel crop needs whole numbers with a width and height of at least 1');
      }
      return clampRect(rule, image);
  }
}

/** A pixel rectangle as percentages of the image, for applying one image's crop to others. */
export function rectToRelative(rect: CropRect, image: Size): Extract<CropRule, { kind: 'relative' }> {
  const pct = (v: number, of: number): number => Math.round((v / of) * 1e6) / 1e4;
  return { kind: 'relative', x: pct(rect.x, image.width), y: pct(rect.y, image.height), width: pct(rect.width, image.width), height: pct(rect.height, image.height) };
}

// --- the crop box -----------------------------------------------------------------------------------------------

export const HANDLES = ['top-left', 'top', 'top-right', 'right', 'bottom-right', 'bottom', 'bottom-left', 'left'] as const;
export type Handle = (typeof HANDLES)[number];

/** Moves the box by (dx, dy) pixels without changing its size, kept inside the image. */
export function moveRect(rect: CropRect, dx: number, dy: number, image: Size): CropRect {
  return clampRect({ ...rect, x: rect.x + dx, y: rect.y + dy }, image);
}

/**
 * Drags one handle by (dx, dy) pixels: the opposite edge or corner stays put, the box stays inside the image,
 * at least 1×1, and keeps `ratio` (width / height) when one is given.
 */
export function resizeRect(rect: CropRect, handle: Handle, dx: number, dy: number, image: Size, ratio?: number): CropRect {
  const movesLeft = handle.endsWith('left');
  const movesRight = handle.endsWith('right');
  const movesTop = handle.startsWith('top');
  const movesBottom = handle.startsWith('bottom');
  let left = rect.x;
  let top = rect.y;
  let right = rect.x + rect.width;
  let bottom = rect.y + rect.height;
  if (movesLeft) left = clamp(left + dx, 0, right - 1);
  if (movesRight) right = clamp(right + dx, left + 1, image.width);
  if (movesTop) top = clamp(top + dy, 0, bottom - 1);
  if (movesBottom) bottom = clamp(bottom + dy, top + 1, image.height);
  if (ratio === undefined) return clampRect({ x: left, y: top, width: right - left, height: bottom - top }, image);

  // With a fixed ratio: the dragged side decides, the other follows, both within the room towards the drag.
  const horizontal = movesLeft || movesRight;
  const vertical = movesTop || movesBottom;
  let width = right - left;
  let height = bottom - top;
  if (horizontal && vertical) {
    // A corner: follow whichever side moved relatively more.
    if (Math.abs(dx) / rect.width >= Math.abs(dy) / rect.height) height = width / ratio;
    else width = height * ratio;
  } else if (horizontal) height = width / ratio;
  else width = height * ratio;
  // Room available from the fixed corner/edge.
  const anchorX = movesLeft ? right : movesRight ? left : rect.x + rect.width / 2;
  const anchorY = movesTop ? bottom : movesBottom ? top : rect.y + rect.height / 2;
  const roomW = movesLeft ? anchorX : movesRight ? image.width - anchorX : 2 * Math.min(anchorX, image.width - anchorX);
  const roomH = movesTop ? anchorY : movesBottom ? image.height - anchorY : 2 * Math.min(anchorY, image.height - anchorY);
  const shrink = Math.min(1, roomW / width, roomH / height);
  width = Math.max(1, width * shrink);
  height = Math.max(1, height * shrink);
  const x = movesLeft ? anchorX - width : movesRight ? anchorX : anchorX - width / 2;
  const y = movesTop ? anchorY - height : movesBottom ? anchorY : anchorY - height / 2;
  return clampRect({ x, y, width, height }, image);
}

/** Applies a ratio to an existing box: the largest box of that ratio inside it, centred on it. */
export function fitRatioInto(rect: CropRect, ratio: number, image: Size): CropRect {
  const inner = largestAspectRect({ width: rect.width, height: rect.height }, ratio, 'center');
  return clampRect({ ...inner, x: rect.x + inner.x, y: rect.y + inner.y }, image);
}

/** A typed value for one of the numeric fields, with the others kept (and the ratio kept by the other side). */
export function setRectField(rect: CropRect, field: keyof CropRect, value: number, image: Size, ratio?: number): CropRect {
  if (!Number.isFinite(value)) return rect;
  const v = Math.round(value);
  if (field === 'x' || field === 'y') return clampRect({ ...rect, [field]: v }, image);
  if (ratio === undefined) {
    const max = field === 'width' ? image.width - rect.x : image.height - rect.y;
    return clampRect({ ...rect, [field]: clamp(v, 1, max) }, image);
  }
  let width = field === 'width' ? v : v * ratio;
  let height = field === 'height' ? v : v / ratio;
  const shrink = Math.min(1, image.width / width, image.height / height);
  width *= shrink;
  height *= shrink;
  return clampRect({ x: rect.x, y: rect.y, width, height }, image);
}

// --- the engine's side --------------------------------------------------------------------------------------------

/**
 * What the worker does with the Edit tool's fields once it knows the decoded (upright) size: checks straighten,
 * works out the straightened size, and turns a crop rule (stated on the view) into a source crop. The result's
 * `edits` carry a plain `crop` and go to planEdits with `size`.
 */
export function resolveEdits(decoded: Size, edits: Edits | undefined): { edits: Edits | undefined; straighten: number; size: Size } {
  if (!edits) return { edits, straighten: 0, size: decoded };
  const straighten = edits.straighten === undefined ? 0 : validateStraighten(edits.straighten);
  const size = straightenedSize(decoded, straighten);
  if (!edits.cropRule) return { edits, straighten, size };
  if (edits.crop) throw new Error('A crop takes either a rectangle or a rule, not both');
  const turn: Turn = { rotate: edits.rotate ?? 0, flipHorizontal: edits.flipHorizontal === true, flipVertical: edits.flipVertical === true };
  const view = resolveCropRule(edits.cropRule, turnedSize(size, turn));
  const { cropRule: _rule, ...rest } = edits;
  return { edits: { ...rest, crop: viewRectToSource(view, size, turn) }, straighten, size };
}
