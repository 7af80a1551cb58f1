/**
 * Geometry of the live view (split compare): how the image sits in the stage (fit, pointer-anchored wheel zoom,
 * two-pointer pinch, pan, clamp), which part of it is visible, and where a result made by the edit plan (crop,
 * rotate, flip, resize incl. the cover crop) lies on the original. Pure: no DOM.
 *
 * Spaces: "original" = the decoded, upright original; "view space" = the original after the plan's rotation and
 * flips (the whole of it: the before side shows everything, the result covers its region); "stage" = CSS pixels
 * of the drawing area. A View maps view space to the stage: stage = offset + scale × point.
 */
import type { Edits } from '../core/types.ts';
import { planEdits, rotatedSize, type Size } from './geometry.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface View {
  /** Stage pixels per view-space pixel (1 = 100 %). */
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

export interface ZoomLimits {
  readonly min: number;
  readonly max: number;
}

export const DEFAULT_LIMITS: ZoomLimits = { min: 0.02, max: 32 };

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** The whole image centred in the stage; small images are enlarged up to maxScale for inspection. */
export function fitView(image: Size, stage: Size, maxScale = 8): View {
  const scale = Math.max(Number.MIN_VALUE, Math.min(maxScale, stage.width / image.width, stage.height / image.height));
  return { scale, x: (stage.width - image.width * scale) / 2, y: (stage.height - image.height * scale) / 2 };
}

/** Zooms by `factor` keeping the view-space point under `anchor` (stage pixels) where it is. */
export function zoomAt(view: View, factor: number, anchor: Point, limits: ZoomLimits = DEFAULT_LIMITS): View {
  const scale = clamp(view.scale * factor, limits.min, limits.max);
  const applied = scale / view.scale;
  return { scale, x: anchor.x - (anchor.x - view.x) * applied, y: anchor.y - (anchor.y - view.y) * applied };
}

/** The same absolute zoom level, anchored at a stage point (e.g. "100 %" at the stage's centre). */
export const zoomTo = (view: View, scale: number, anchor: Point, limits: ZoomLimits = DEFAULT_LIMITS): View => zoomAt(view, scale / view.scale, anchor, limits);

const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
const midpoint = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/**
 * Two-pointer pinch from the view at the gesture's start: the scale follows the distance between the pointers,
 * and the view-space point under their first midpoint follows the midpoint (so pinching also pans).
 */
export function pinchView(start: View, from: readonly [Point, Point], to: readonly [Point, Point], limits: ZoomLimits = DEFAULT_LIMITS): View {
  const before = distance(from[0], from[1]);
  const after = distance(to[0], to[1]);
  const factor = before > 0 && after > 0 ? after / before : 1;
  const anchor = midpoint(from[0], from[1]);
  const zoomed = zoomAt(start, factor, anchor, limits);
  const moved = midpoint(to[0], to[1]);
  return { scale: zoomed.scale, x: zoomed.x + moved.x - anchor.x, y: zoomed.y + moved.y - anchor.y };
}

export const panBy = (view: View, dx: number, dy: number): View => ({ ...view, x: view.x + dx, y: view.y + dy });

/**
 * Keeps the image where it can be seen: an axis the image does not fill is centred; an axis it overfills may not
 * show a gap past either edge.
 */
export function clampView(view: View, image: Size, stage: Size): View {
  const axis = (offset: number, length: number, room: number): number => (length <= room ? (room - length) / 2 : clamp(offset, room - length, 0));
  return { scale: view.scale, x: axis(view.x, image.width * view.scale, stage.width), y: axis(view.y, image.height * view.scale, stage.height) };
}

/** The part of the image inside the stage, in view-space pixels (whole pixels, clipped to the image). */
export function visibleRect(view: View, image: Size, stage: Size): Rect {
  const left = clamp(Math.floor(-view.x / view.scale), 0, image.width);
  const top = clamp(Math.floor(-view.y / view.scale), 0, image.height);
  const right = clamp(Math.ceil((stage.width - view.x) / view.scale), 0, image.width);
  const bottom = clamp(Math.ceil((stage.height - view.y) / view.scale), 0, image.height);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** A 2D affine transform as the canvas takes it: x' = a x + c y + e, y' = b x + d y + f. */
export interface Matrix {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;
}

export const applyMatrix = (m: Matrix, p: Point): Point => ({ x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f });

/** m ∘ n: first n, then m. */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return {
    a: m.a * n.a + m.c * n.b,
    b: m.b * n.a + m.d * n.b,
    c: m.a * n.c + m.c * n.d,
    d: m.b * n.c + m.d * n.d,
    e: m.a * n.e + m.c * n.f + m.e,
    f: m.b * n.e + m.d * n.f + m.f,
  };
}

/** The view as a matrix (view space → stage). */
export const viewMatrix = (view: View): Matrix => ({ a: view.scale, b: 0, c: 0, d: view.scale, e: view.x, f: view.y });

/**
 * Original → view space for the plan's clockwise rotation and flips (same conventions as src/lib/pixel-ops.ts:
 * 90° takes (x, y) to (h − y, x) for an image h pixels high; flips mirror the rotated image).
 */
export function orientMatrix(original: Size, rotate: 0 | 90 | 180 | 270, flipHorizontal: boolean, flipVertical: boolean): Matrix {
  const { width: w, height: h } = original;
  const rotation: Record<typeof rotate, Matrix> = {
    0: { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 },
    90: { a: 0, b: 1, c: -1, d: 0, e: h, f: 0 },
    180: { a: -1, b: 0, c: 0, d: -1, e: w, f: h },
    270: { a: 0, b: -1, c: 1, d: 0, e: 0, f: w },
  };
  const turned = rotatedSize(original, rotate);
  const flip: Matrix = { a: flipHorizontal ? -1 : 1, b: 0, c: 0, d: flipVertical ? -1 : 1, e: flipHorizontal ? turned.width : 0, f: flipVertical ? turned.height : 0 };
  return multiply(flip, rotation[rotate]);
}

/** The bounding rectangle of a rectangle after a transform (exact for quarter turns and flips). */
export function transformRect(m: Matrix, rect: Rect): Rect {
  const corners = [
    applyMatrix(m, { x: rect.x, y: rect.y }),
    applyMatrix(m, { x: rect.x + rect.width, y: rect.y }),
    applyMatrix(m, { x: rect.x, y: rect.y + rect.height }),
    applyMatrix(m, { x: rect.x + rect.width, y: rect.y + rect.height }),
  ];
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

export interface ResultPlacement {
  /** Original → view space (rotation and flips); the before side is drawn through it. */
  readonly orient: Matrix;
  /** Size of the view space: the original, rotated. */
  readonly viewSize: Size;
  /** Where the result's pixels come from, in view space: the crop and the cover crop's source. */
  readonly region: Rect;
  /** Size of the result. */
  readonly output: Size;
}

/**
 * Where the result of `edits` lies on the original: crop (original pixels) → rotate → flip → resize, whose
 * 'cover' fit takes a centred source region. Cropping then turning equals turning then cropping the turned
 * rectangle, so the crop is mapped through the orientation and the resize source is offset inside it.
 * Throws the plan's own message for edits that do not fit the image.
 */
export function placeResult(original: Size, edits: Edits | undefined): ResultPlacement {
  const plan = planEdits(original, edits);
  const orient = orientMatrix(original, plan.rotate, plan.flipHorizontal, plan.flipVertical);
  const cropped = transformRect(orient, plan.crop ?? { x: 0, y: 0, width: original.width, height: original.height });
  const source = plan.resize?.source;
  const region = source ? { x: cropped.x + source.x, y: cropped.y + source.y, width: source.width, height: source.height } : cropped;
  return { orient, viewSize: rotatedSize(original, plan.rotate), region, output: plan.output };
}

/** A rectangle of the result (output pixels) in view space, through the placement's region. */
export function outputRectToView(placement: ResultPlacement, rect: Rect): Rect {
  const sx = placement.region.width / placement.output.width;
  const sy = placement.region.height / placement.output.height;
  return { x: placement.region.x + rect.x * sx, y: placement.region.y + rect.y * sy, width: rect.width * sx, height: rect.height * sy };
}

/** The inverse: a view-space rectangle as output pixels, whole and clipped to the output (empty when outside). */
export function viewRectToOutput(placement: ResultPlacement, rect: Rect): Rect {
  const sx = placement.output.width / placement.region.width;
  const sy = placement.output.height / placement.region.height;
  const left = clamp(Math.floor((rect.x - placement.region.x) * sx), 0, placement.output.width);
  const top = clamp(Math.floor((rect.y - placement.region.y) * sy), 0, placement.output.height);
  const right = clamp(Math.ceil((rect.x + rect.width - placement.region.x) * sx), 0, placement.output.width);
  const bottom = clamp(Math.ceil((rect.y + rect.height - placement.region.y) * sy), 0, placement.output.height);
  return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/** The divider's position after a key (arrows step, Page keys and Shift step more, Home/End go to the ends); undefined for other keys. */
export function splitAfterKey(split: number, key: string, shift: boolean): number | undefined {
  const step = shift ? 10 : 1;
  const next: Record<string, number> = { ArrowLeft: split - step, ArrowDown: split - step, ArrowRight: split + step, ArrowUp: split + step, PageDown: split - 10, PageUp: split + 10, Home: 0, End: 100 };
  const value = next[key];
  return value === undefined ? undefined : clamp(value, 0, 100);
}

/** The divider's percentage for a pointer at stage x. */
export const splitAtPointer = (x: number, stageWidth: number): number => (stageWidth > 0 ? clamp((x / stageWidth) * 100, 0, 100) : 50);

/**
 * How much of the visible result the preview encodes (the worker's rule): the visible rectangle grown by a margin,
 * at full resolution when that is within `maxPixels`; a larger one is encoded as a copy scaled down to fit.
 */
export function previewPlan(visible: Rect, output: Size, maxPixels: number, margin = 32): { readonly region: Rect; readonly width: number; readonly height: number } {
  const x = clamp(Math.floor(visible.x - margin), 0, output.width);
  const y = clamp(Math.floor(visible.y - margin), 0, output.height);
  const right = clamp(Math.ceil(visible.x + visible.width + margin), 0, output.width);
  const bottom = clamp(Math.ceil(visible.y + visible.height + margin), 0, output.height);
  const region = right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : { x: 0, y: 0, width: output.width, height: output.height };
  const area = region.width * region.height;
  if (area <= maxPixels) return { region, width: region.width, height: region.height };
  const shrink = Math.sqrt(maxPixels / area);
  return { region, width: Math.max(1, Math.floor(region.width * shrink)), height: Math.max(1, Math.floor(region.height * shrink)) };
}
