/**
 * EXIF orientation (1–8): which transform turns the stored pixels upright,
 * and that transform applied to RGBA pixels for decoders that do not do it.
 */
import type { Pixels } from '../core/pixels.ts';

export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface OrientationTransform {
  /** Mirror left–right first … */
  readonly flipHorizontal: boolean;
  /** … then rotate clockwise by this many degrees. */
  readonly rotate: 0 | 90 | 180 | 270;
  /** True when the upright image's width is the stored height. */
  readonly swapsDimensions: boolean;
}

const TRANSFORMS: Readonly<Record<Orientation, OrientationTransform>> = {
  1: { flipHorizontal: false, rotate: 0, swapsDimensions: false },
  2: { flipHorizontal: true, rotate: 0, swapsDimensions: false },
  3: { flipHorizontal: false, rotate: 180, swapsDimensions: false },
  4: { flipHorizontal: true, rotate: 180, swapsDimensions: false }, // = flip top–bottom
  5: { flipHorizontal: true, rotate: 270, swapsDimensions: true }, // = transpose
  6: { flipHorizontal: false, rotate: 90, swapsDimensions: true },
  7: { flipHorizontal: true, rotate: 90, swapsDimensions: true }, // = transverse
  8: { flipHorizontal: false, rotate: 270, swapsDimensions: true },
};

export function isOrientation(value: unknown): value is Orientation {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8;
}

/** Unknown or missing values mean "as stored", as viewers treat them. */
export function orientationTransform(orientation: number | undefined): OrientationTransform {
  return TRANSFORMS[isOrientation(orientation) ? orientation : 1];
}

export function uprightDimensions(width: number, height: number, orientation: number | undefined): { width: number; height: number } {
  return orientationTransform(orientation).swapsDimensions ? { width: height, height: width } : { width, height };
}

/**
 * Returns the upright image. Each output pixel (x, y) reads the stored pixel
 * it came from, so one pass with no intermediate copy.
 */
export function applyOrientation(image: Pixels, orientation: number | undefined): Pixels {
  const o = isOrientation(orientation) ? orientation : 1;
  if (o === 1) return image;
  const { width: w, height: h } = image;
  const out = uprightDimensions(w, h, o);
  const aligned = image.data.byteOffset % 4 === 0 ? image.data : image.data.slice();
  const source = new Uint32Array(aligned.buffer, aligned.byteOffset, w * h);
  const data = new Uint8ClampedArray(out.width * out.height * 4);
  const target = new Uint32Array(data.buffer);
  // For each upright (x, y): the stored coordinates (sx, sy).
  const from: (x: number, y: number) => number = {
    2: (x: number, y: number) => y * w + (w - 1 - x),
    3: (x: number, y: number) => (h - 1 - y) * w + (w - 1 - x),
    4: (x: number, y: number) => (h - 1 - y) * w + x,
    5: (x: number, y: number) => x * w + y,
    6: (x: number, y: number) => (h - 1 - x) * w + y,
    7: (x: number, y: number) => (h - 1 - x) * w + (w - 1 - y),
    8: (x: number, y: number) => x * w + (w - 1 - y),
  }[o];
  for (let y = 0; y < out.height; y += 1) {
    const row = y * out.width;
    for (let x = 0; x < out.width; x += 1) target[row + x] = source[from(x, y)] ?? 0;
  }
  return { data, width: out.width, height: out.height };
}
