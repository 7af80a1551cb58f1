/**
 * Dimension math for the edit pipeline (crop → rotate → flip → resize).
 * Pure: no DOM, no worker globals. Errors are plain Errors with a message
 * fit to show to a user; the worker wraps them as 'invalid-options'.
 */
import { RESIZE_METHODS, type CropRect, type Edits, type ResizeEdit, type ResizeMethod } from '../core/types.ts';

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface ResizePlan {
  /** Region of the (cropped, rotated) image to scale; the whole image unless fit is 'cover'. */
  readonly source: CropRect;
  readonly width: number;
  readonly height: number;
}

export interface EditPlan {
  readonly crop?: CropRect;
  readonly rotate: 0 | 90 | 180 | 270;
  readonly flipHorizontal: boolean;
  readonly flipVertical: boolean;
  /** Absent when the size does not change. */
  readonly resize?: ResizePlan & { readonly method: ResizeMethod };
  readonly output: Size;
}

const isWholePositive = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

export function validateCrop(image: Size, crop: CropRect): void {
  const { x, y, width, height } = crop;
  if (![x, y].every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
    throw new Error(`Crop position must be whole, non-negative pixels, got x=${x}, y=${y}`);
  }
  if (!isWholePositive(width) || !isWholePositive(height)) {
    throw new Error(`Crop size must be whole pixels of at least 1, got ${width} × ${height}`);
  }
  if (x + width > image.width || y + height > image.height) {
    throw new Error(`Crop rectangle ${width} × ${height} at (${x}, ${y}) reaches outside the ${image.width} × ${image.height} image`);
  }
}

export function rotatedSize(size: Size, rotate: 0 | 90 | 180 | 270): Size {
  return rotate === 90 || rotate === 270 ? { width: size.height, height: size.width } : size;
}

const atLeastOne = (n: number): number => Math.max(1, Math.round(n));

const FIT_MODES: readonly string[] = ['contain', 'cover', 'fill', 'inside'];

function checkTarget(edit: ResizeEdit): void {
  if (!RESIZE_METHODS.includes(edit.method)) throw new Error(`Resize method must be one of ${RESIZE_METHODS.join(', ')}, got ${JSON.stringify(edit.method)}`);
  if (!FIT_MODES.includes(edit.fit)) throw new Error(`Fit mode must be one of ${FIT_MODES.join(', ')}, got ${JSON.stringify(edit.fit)}`);
  if (edit.percent !== undefined) {
    if (typeof edit.percent !== 'number' || !Number.isFinite(edit.percent) || edit.percent <= 0) {
      throw new Error(`Resize percentage must be a number above 0, got ${String(edit.percent)}`);
    }
    if (edit.width !== undefined || edit.height !== undefined) throw new Error('Resize takes either a percentage or a width/height, not both');
    return;
  }
  if (edit.width === undefined && edit.height === undefined) throw new Error('Resize needs a width, a height or a percentage');
  for (const [side, value] of [['width', edit.width], ['height', edit.height]] as const) {
    if (value !== undefined && !isWholePositive(value)) throw new Error(`Resize ${side} must be whole pixels of at least 1, got ${String(value)}`);
  }
}

/**
 * Where the image ends up after a resize edit. Never enlarges unless
 * allowEnlarge is set ('inside' never enlarges at all); 'cover' crops the
 * overflow centred; a missing side follows the aspect ratio.
 */
export function planResize(size: Size, edit: ResizeEdit): ResizePlan {
  checkTarget(edit);
  const whole: CropRect = { x: 0, y: 0, width: size.width, height: size.height };
  const mayEnlarge = edit.allowEnlarge && edit.fit !== 'inside';
  const limit = (scale: number): number => (mayEnlarge ? scale : Math.min(scale, 1));

  if (edit.percent !== undefined) {
    const scale = limit(edit.percent / 100);
    return { source: whole, width: atLeastOne(size.width * scale), height: atLeastOne(size.height * scale) };
  }
  const { width: boxW, height: boxH } = edit;
  if (boxW === undefined || boxH === undefined) {
    // One side given: every fit mode means "scale to that side".
    const scale = limit(boxW !== undefined ? boxW / size.width : (boxH as number) / size.height);
    return { source: whole, width: atLeastOne(size.width * scale), height: atLeastOne(size.height * scale) };
  }
  switch (edit.fit) {
    case 'contain':
    case 'inside': {
      const scale = limit(Math.min(boxW / size.width, boxH / size.height));
      return { source: whole, width: atLeastOne(size.width * scale), height: atLeastOne(size.height * scale) };
    }
    case 'fill':
      return {
        source: whole,
        width: mayEnlarge ? boxW : Math.min(boxW, size.width),
        height: mayEnlarge ? boxH : Math.min(boxH, size.height),
      };
    case 'cover': {
      // The largest centred region with the box's aspect ratio.
      const boxRatio = boxW / boxH;
      const sourceW = Math.min(size.width, atLeastOne(size.height * boxRatio));
      const sourceH = Math.min(size.height, atLeastOne(size.width / boxRatio));
      const source = { x: Math.floor((size.width - sourceW) / 2), y: Math.floor((size.height - sourceH) / 2), width: sourceW, height: sourceH };
      // Without permission to enlarge, a box bigger than that region gets the region itself.
      return boxW <= sourceW || mayEnlarge ? { source, width: boxW, height: boxH } : { source, width: sourceW, height: sourceH };
    }
  }
}

/** Validates every edit against the image and works out each step's size. */
export function planEdits(size: Size, edits: Edits | undefined): EditPlan {
  let current: Size = size;
  if (edits?.crop) {
    validateCrop(current, edits.crop);
    current = { width: edits.crop.width, height: edits.crop.height };
  }
  const rotate = edits?.rotate ?? 0;
  if (![0, 90, 180, 270].includes(rotate)) throw new Error(`Rotation must be 0, 90, 180 or 270 degrees, got ${String(rotate)}`);
  current = rotatedSize(current, rotate);
  let resize: EditPlan['resize'];
  if (edits?.resize) {
    const plan = planResize(current, edits.resize);
    const unchanged = plan.width === current.width && plan.height === current.height && plan.source.width === current.width && plan.source.height === current.height;
    if (!unchanged) resize = { ...plan, method: edits.resize.method };
    current = { width: plan.width, height: plan.height };
  }
  return {
    ...(edits?.crop ? { crop: edits.crop } : {}),
    rotate,
    flipHorizontal: edits?.flipHorizontal === true,
    flipVertical: edits?.flipVertical === true,
    ...(resize ? { resize } : {}),
    output: current,
  };
}
