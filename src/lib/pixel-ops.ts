/**
 * Whole-pixel operations on RGBA buffers: crop, quarter-turn rotation, flips
 * and flattening alpha onto a background. Pure (no DOM); each works on
 * 32-bit words, one per pixel, and returns a new buffer of the exact size.
 */
import type { Pixels } from '../core/pixels.ts';
import type { CropRect } from '../core/types.ts';

const words = (image: Pixels): Uint32Array => new Uint32Array(image.data.buffer, image.data.byteOffset, image.width * image.height);
const make = (width: number, height: number): { image: Pixels; out: Uint32Array } => {
  const data = new Uint8ClampedArray(width * height * 4);
  return { image: { data, width, height }, out: new Uint32Array(data.buffer) };
};

export function cropPixels(image: Pixels, rect: CropRect): Pixels {
  const src = words(image);
  const { image: result, out } = make(rect.width, rect.height);
  for (let y = 0; y < rect.height; y += 1) {
    const start = (rect.y + y) * image.width + rect.x;
    out.set(src.subarray(start, start + rect.width), y * rect.width);
  }
  return result;
}

/** Clockwise rotation by a quarter-turn multiple. */
export function rotatePixels(image: Pixels, degrees: 0 | 90 | 180 | 270): Pixels {
  if (degrees === 0) return image;
  const { width: w, height: h } = image;
  const src = words(image);
  if (degrees === 180) {
    const { image: result, out } = make(w, h);
    for (let i = 0, n = w * h; i < n; i += 1) out[n - 1 - i] = src[i] as number;
    return result;
  }
  const { image: result, out } = make(h, w);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      // 90° clockwise: (x, y) → (h - 1 - y, x); 270°: (x, y) → (y, w - 1 - x).
      const target = degrees === 90 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      out[target] = src[y * w + x] as number;
    }
  }
  return result;
}

export function flipPixels(image: Pixels, horizontal: boolean, vertical: boolean): Pixels {
  if (!horizontal && !vertical) return image;
  const { width: w, height: h } = image;
  const src = words(image);
  const { image: result, out } = make(w, h);
  for (let y = 0; y < h; y += 1) {
    const fromRow = (vertical ? h - 1 - y : y) * w;
    const toRow = y * w;
    if (!horizontal) {
      out.set(src.subarray(fromRow, fromRow + w), toRow);
      continue;
    }
    for (let x = 0; x < w; x += 1) out[toRow + x] = src[fromRow + (w - 1 - x)] as number;
  }
  return result;
}

export function hasTransparency(image: Pixels): boolean {
  const { data } = image;
  for (let i = 3; i < data.length; i += 4) if ((data[i] as number) < 255) return true;
  return false;
}

/** Parses #rgb or #rrggbb. */
export function parseHexColour(value: string): { r: number; g: number; b: number } {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match) throw new Error(`Background must be a hex colour like #ffffff or #fff, got ${JSON.stringify(value)}`);
  const hex = (match[1] as string).length === 3 ? [...(match[1] as string)].map((c) => c + c).join('') : (match[1] as string);
  return { r: parseInt(hex.slice(0, 2), 16), g: parseInt(hex.slice(2, 4), 16), b: parseInt(hex.slice(4, 6), 16) };
}

/** Composites every pixel over an opaque background, in place; alpha becomes 255. */
export function flattenOnto(image: Pixels, background: { r: number; g: number; b: number }): void {
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3] as number;
    if (a === 255) continue;
    const t = 255 - a;
    data[i] = ((data[i] as number) * a + background.r * t + 127) / 255;
    data[i + 1] = ((data[i + 1] as number) * a + background.g * t + 127) / 255;
    data[i + 2] = ((data[i + 2] as number) * a + background.b * t + 127) / 255;
    data[i + 3] = 255;
  }
}
