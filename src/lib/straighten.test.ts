import { describe, expect, it } from 'vitest';
import type { Pixels } from '../core/pixels.ts';
import { straightenedSize } from './edit-geometry.ts';
import { straightenPixels } from './straighten.ts';

function picture(width: number, height: number, paint: (x: number, y: number) => [number, number, number, number]): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data.set(paint(x, y), (y * width + x) * 4);
  return { data, width, height };
}
const at = (image: Pixels, x: number, y: number) => Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));

describe('straightenPixels', () => {
  it('returns the same image for 0°', () => {
    const image = picture(4, 3, () => [1, 2, 3, 255]);
    expect(straightenPixels(image, 0)).toBe(image);
  });

  it('auto-crops to the computed size with no transparent (empty) corner', () => {
    const image = picture(160, 100, () => [200, 100, 50, 255]);
    const out = straightenPixels(image, 12);
    expect({ width: out.width, height: out.height }).toEqual(straightenedSize(image, 12));
    for (const [x, y] of [[0, 0], [out.width - 1, 0], [0, out.height - 1], [out.width - 1, out.height - 1]]) {
      expect(at(out, x as number, y as number)).toEqual([200, 100, 50, 255]);
    }
  });

  it('turns clockwise: a mark right of centre moves down', () => {
    // A white image with a black vertical bar right of the centre.
    const image = picture(201, 201, (x) => (x >= 140 && x <= 150 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    const out = straightenPixels(image, 20);
    const cx = Math.floor(out.width / 2);
    const cy = Math.floor(out.height / 2);
    // On the horizontal through the centre the bar sits further right than 145 - 100 = 45 px off centre (cos 20°),
    // and the bar crosses the row 30 px below centre further left than the row 30 px above (clockwise tilt).
    const darkest = (y: number): number => {
      let best = 0;
      let value = 1e9;
      for (let x = cx; x < out.width; x += 1) {
        const v = at(out, x, y)[0] as number;
        if (v < value) [value, best] = [v, x];
      }
      return best;
    };
    expect(darkest(cy) - cx).toBeGreaterThan(40);
    expect(darkest(cy + 30)).toBeLessThan(darkest(cy - 30));
  });

  it('keeps transparent areas free of dark fringes', () => {
    const image = picture(100, 100, (x) => (x < 50 ? [255, 0, 0, 0] : [255, 0, 0, 255]));
    const out = straightenPixels(image, 5);
    for (let i = 0; i < out.data.length; i += 4) if ((out.data[i + 3] as number) > 0) expect(out.data[i]).toBeGreaterThan(250);
  });
});
