import { describe, expect, it } from 'vitest';
import { cropPixels, flattenOnto, flipPixels, hasTransparency, parseHexColour, rotatePixels } from './pixel-ops.ts';
import type { Pixels } from '../core/pixels.ts';

/** A w×h image whose pixel at (x, y) has red = x, green = y. */
function grid(width: number, height: number): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data.set([x, y, 0, 255], (y * width + x) * 4);
  return { data, width, height };
}
const at = (image: Pixels, x: number, y: number) => [...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 2)];

describe('pixel operations', () => {
  it('crops the requested rectangle', () => {
    const out = cropPixels(grid(5, 4), { x: 1, y: 2, width: 3, height: 2 });
    expect([out.width, out.height]).toEqual([3, 2]);
    expect(at(out, 0, 0)).toEqual([1, 2]);
    expect(at(out, 2, 1)).toEqual([3, 3]);
  });

  it('rotates clockwise', () => {
    const image = grid(3, 2);
    const r90 = rotatePixels(image, 90);
    expect([r90.width, r90.height]).toEqual([2, 3]);
    expect(at(r90, 1, 0)).toEqual([0, 0]); // the old top-left is now top-right
    expect(at(r90, 0, 2)).toEqual([2, 1]); // the old bottom-right is now bottom-left
    const r270 = rotatePixels(image, 270);
    expect(at(r270, 0, 2)).toEqual([0, 0]);
    const r180 = rotatePixels(image, 180);
    expect(at(r180, 0, 0)).toEqual([2, 1]);
  });

  it('flips each way', () => {
    const image = grid(3, 2);
    expect(at(flipPixels(image, true, false), 0, 0)).toEqual([2, 0]);
    expect(at(flipPixels(image, false, true), 0, 0)).toEqual([0, 1]);
    expect(at(flipPixels(image, true, true), 0, 0)).toEqual([2, 1]);
  });

  it('flattens transparency onto the background', () => {
    const image = { data: new Uint8ClampedArray([255, 0, 0, 0, 0, 0, 0, 128, 10, 20, 30, 255]), width: 3, height: 1 };
    expect(hasTransparency(image)).toBe(true);
    flattenOnto(image, parseHexColour('#fff'));
    expect([...image.data]).toEqual([255, 255, 255, 255, 127, 127, 127, 255, 10, 20, 30, 255]);
    expect(hasTransparency(image)).toBe(false);
  });

  it('parses hex colours and refuses anything else', () => {
    expect(parseHexColour('#102030')).toEqual({ r: 16, g: 32, b: 48 });
    expect(() => parseHexColour('white')).toThrow('Background must be a hex colour like #ffffff or #fff, got "white"');
  });
});
