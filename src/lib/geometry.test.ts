import { describe, expect, it } from 'vitest';
import type { ResizeEdit } from '../core/types.ts';
import { planEdits, planResize, rotatedSize, validateCrop } from './geometry.ts';

const edit = (fields: Partial<ResizeEdit>): ResizeEdit => ({ fit: 'contain', method: 'lanczos3', allowEnlarge: false, ...fields });
const size = (plan: { width: number; height: number }) => `${plan.width}x${plan.height}`;

describe('planResize', () => {
  const photo = { width: 4000, height: 3000 };

  it('contain keeps the aspect ratio inside the box', () => {
    expect(size(planResize(photo, edit({ width: 800, height: 800 })))).toBe('800x600');
    expect(size(planResize(photo, edit({ width: 2000, height: 500 })))).toBe('667x500');
  });

  it('one side follows the aspect ratio', () => {
    expect(size(planResize(photo, edit({ width: 1000 })))).toBe('1000x750');
    expect(size(planResize(photo, edit({ height: 300, fit: 'cover' })))).toBe('400x300');
  });

  it('never enlarges unless asked, and inside never does', () => {
    const small = { width: 400, height: 300 };
    expect(size(planResize(small, edit({ width: 800, height: 800 })))).toBe('400x300');
    expect(size(planResize(small, edit({ width: 800, height: 800, allowEnlarge: true })))).toBe('800x600');
    expect(size(planResize(small, edit({ width: 800, height: 800, fit: 'inside', allowEnlarge: true })))).toBe('400x300');
    expect(size(planResize(small, edit({ percent: 200 })))).toBe('400x300');
    expect(size(planResize(small, edit({ percent: 200, allowEnlarge: true })))).toBe('800x600');
    expect(size(planResize(small, edit({ width: 800, height: 100, fit: 'fill' })))).toBe('400x100');
  });

  it('fill stretches to the box exactly', () => {
    expect(size(planResize(photo, edit({ width: 500, height: 500, fit: 'fill' })))).toBe('500x500');
  });

  it('cover fills the box and crops the overflow centred', () => {
    const plan = planResize(photo, edit({ width: 500, height: 500, fit: 'cover' }));
    expect(size(plan)).toBe('500x500');
    expect(plan.source).toEqual({ x: 500, y: 0, width: 3000, height: 3000 });
    const wide = planResize(photo, edit({ width: 1600, height: 400, fit: 'cover' }));
    expect(wide.source).toEqual({ x: 0, y: 1000, width: 4000, height: 1000 });
    // A box bigger than the source region is not enlarged into.
    const big = planResize({ width: 300, height: 200 }, edit({ width: 1000, height: 1000, fit: 'cover' }));
    expect(big.source).toEqual({ x: 50, y: 0, width: 200, height: 200 });
    expect(size(big)).toBe('200x200');
  });

  it('percent scales both sides and never goes below one pixel', () => {
    expect(size(planResize(photo, edit({ percent: 25 })))).toBe('1000x750');
    expect(size(planResize({ width: 1000, height: 3 }, edit({ percent: 10 })))).toBe('100x1');
  });

  it('refuses impossible targets with a clear message', () => {
    expect(() => planResize(photo, edit({}))).toThrow('Resize needs a width, a height or a percentage');
    expect(() => planResize(photo, edit({ width: 0 }))).toThrow('Resize width must be whole pixels of at least 1, got 0');
    expect(() => planResize(photo, edit({ height: 10.5 }))).toThrow('Resize height must be whole pixels of at least 1, got 10.5');
    expect(() => planResize(photo, edit({ percent: -5 }))).toThrow('Resize percentage must be a number above 0, got -5');
    expect(() => planResize(photo, edit({ percent: 50, width: 10 }))).toThrow('either a percentage or a width/height');
    expect(() => planResize(photo, edit({ width: 10, method: 'bicubic' as 'hqx' }))).toThrow('Resize method must be one of lanczos3, mitchell, catrom, triangle, hqx, native, got "bicubic"');
    expect(() => planResize(photo, edit({ width: 10, fit: 'stretch' as 'fill' }))).toThrow('Fit mode must be one of contain, cover, fill, inside, got "stretch"');
  });
});

describe('crop and rotation', () => {
  it('validates crop rectangles against the image', () => {
    const image = { width: 100, height: 50 };
    expect(() => validateCrop(image, { x: 0, y: 0, width: 100, height: 50 })).not.toThrow();
    expect(() => validateCrop(image, { x: 60, y: 0, width: 50, height: 10 })).toThrow('Crop rectangle 50 × 10 at (60, 0) reaches outside the 100 × 50 image');
    expect(() => validateCrop(image, { x: -1, y: 0, width: 5, height: 5 })).toThrow('Crop position must be whole, non-negative pixels');
    expect(() => validateCrop(image, { x: 0, y: 0, width: 0, height: 5 })).toThrow('Crop size must be whole pixels of at least 1, got 0 × 5');
  });

  it('swaps sides for quarter turns only', () => {
    expect(rotatedSize({ width: 30, height: 20 }, 90)).toEqual({ width: 20, height: 30 });
    expect(rotatedSize({ width: 30, height: 20 }, 180)).toEqual({ width: 30, height: 20 });
    expect(rotatedSize({ width: 30, height: 20 }, 270)).toEqual({ width: 20, height: 30 });
  });

  it('plans crop, then rotate, then resize', () => {
    const plan = planEdits({ width: 400, height: 300 }, {
      crop: { x: 10, y: 10, width: 200, height: 100 },
      rotate: 90,
      flipHorizontal: true,
      resize: edit({ height: 100 }),
    });
    expect(plan.output).toEqual({ width: 50, height: 100 });
    expect(plan.resize).toMatchObject({ width: 50, height: 100, method: 'lanczos3' });
    expect(plan.flipHorizontal).toBe(true);
  });

  it('drops a resize that changes nothing and refuses odd rotations', () => {
    expect(planEdits({ width: 40, height: 30 }, { resize: edit({ width: 80 }) }).resize).toBeUndefined();
    expect(() => planEdits({ width: 40, height: 30 }, { rotate: 45 as 90 })).toThrow('Rotation must be 0, 90, 180 or 270 degrees, got 45');
  });
});
