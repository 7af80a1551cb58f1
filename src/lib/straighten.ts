/**
 * Straighten: turns RGBA pixels by an arbitrary angle and keeps the largest centred rectangle of the same
 * aspect ratio (src/lib/edit-geometry.ts straightenedSize), so the result has no empty corners. Each output
 * pixel is sampled from the source with a Catmull-Rom bicubic filter on premultiplied colour (no dark fringes
 * at transparent edges). Memory: the output only, never larger than the input. Pure: no DOM.
 */
import type { Pixels } from '../core/pixels.ts';
import { straightenedSize } from './edit-geometry.ts';

/** Catmull-Rom weights for the 4 taps around a fractional position t in [0, 1). */
function weights(t: number, out: Float64Array): void {
  const t2 = t * t;
  const t3 = t2 * t;
  out[0] = 0.5 * (-t3 + 2 * t2 - t);
  out[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
  out[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
  out[3] = 0.5 * (t3 - t2);
}

/** Clockwise by `degrees` (positive), then the auto-crop. */
export function straightenPixels(image: Pixels, degrees: number): Pixels {
  if (!degrees) return image;
  const { width: w, height: h, data: src } = image;
  const out = straightenedSize(image, degrees);
  const data = new Uint8ClampedArray(out.width * out.height * 4);
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const wx = new Float64Array(4);
  const wy = new Float64Array(4);
  const col = new Int32Array(4);
  const cx = w / 2;
  const cy = h / 2;
  for (let oy = 0; oy < out.height; oy += 1) {
    const vy = oy + 0.5 - out.height / 2;
    for (let ox = 0; ox < out.width; ox += 1) {
      const vx = ox + 0.5 - out.width / 2;
      // The source point that a clockwise turn brings here: the inverse (counter-clockwise) turn of the target.
      const sx = vx * cos + vy * sin + cx - 0.5;
      const sy = -vx * sin + vy * cos + cy - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      weights(sx - x0, wx);
      weights(sy - y0, wy);
      for (let i = 0; i < 4; i += 1) col[i] = Math.min(w - 1, Math.max(0, x0 - 1 + i));
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let j = 0; j < 4; j += 1) {
        const row = Math.min(h - 1, Math.max(0, y0 - 1 + j)) * w;
        const weightY = wy[j] as number;
        for (let i = 0; i < 4; i += 1) {
          const at = (row + (col[i] as number)) * 4;
          const alpha = src[at + 3] as number;
          const weight = weightY * (wx[i] as number) * alpha;
          r += (src[at] as number) * weight;
          g += (src[at + 1] as number) * weight;
          b += (src[at + 2] as number) * weight;
          a += weight;
        }
      }
      const target = (oy * out.width + ox) * 4;
      if (a > 0) {
        data[target] = r / a;
        data[target + 1] = g / a;
        data[target + 2] = b / a;
      }
      data[target + 3] = a; // the Uint8ClampedArray clamps ringing to 0–255
    }
  }
  return { data, width: out.width, height: out.height };
}
