import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyOrientation, orientationTransform, uprightDimensions } from './orientation.ts';

/** A 3 × 2 image whose every pixel is distinct, as RGBA. */
function distinctPixels(width: number, height: number): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i += 1) data.set([i * 20, 255 - i * 20, i * 7, 255], i * 4);
  return data;
}

describe('orientation', () => {
  it('knows which orientations swap width and height', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((o) => orientationTransform(o).swapsDimensions)).toEqual([false, false, false, false, true, true, true, true]);
    expect(uprightDimensions(4000, 3000, 6)).toEqual({ width: 3000, height: 4000 });
    expect(uprightDimensions(4000, 3000, 3)).toEqual({ width: 4000, height: 3000 });
    expect(orientationTransform(0)).toEqual(orientationTransform(1));
    expect(orientationTransform(9)).toEqual(orientationTransform(1));
  });

  it('turns stored pixels upright exactly as libvips autorotate does, for all eight orientations', async () => {
    const width = 3;
    const height = 2;
    const stored = distinctPixels(width, height);
    for (let orientation = 1; orientation <= 8; orientation += 1) {
      const tagged = await sharp(Buffer.from(stored.buffer), { raw: { width, height, channels: 4 } }).withMetadata({ orientation }).png().toBuffer();
      const reference = await sharp(tagged).rotate().raw().toBuffer({ resolveWithObject: true });
      const ours = applyOrientation({ data: stored, width, height }, orientation);
      expect({ width: ours.width, height: ours.height }, `orientation ${orientation}`).toEqual({ width: reference.info.width, height: reference.info.height });
      expect(Array.from(ours.data), `orientation ${orientation}`).toEqual(Array.from(reference.data));
    }
  });

  it('returns the same image for orientation 1 and copes with an unaligned view', () => {
    const image = { data: distinctPixels(2, 2), width: 2, height: 2 };
    expect(applyOrientation(image, 1)).toBe(image);
    const backing = new Uint8ClampedArray(2 * 2 * 4 + 1);
    backing.set(image.data, 1);
    const unaligned = { data: backing.subarray(1), width: 2, height: 2 };
    expect(Array.from(applyOrientation(unaligned, 3).data)).toEqual(Array.from(applyOrientation(image, 3).data));
  });
});
