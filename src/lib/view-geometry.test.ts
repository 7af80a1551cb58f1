import { describe, expect, it } from 'vitest';
import { rotatePixels, flipPixels } from './pixel-ops.ts';
import {
  applyMatrix, clampView, fitView, orientMatrix, outputRectToView, panBy, pinchView, placeResult, previewPlan,
  splitAfterKey, splitAtPointer, viewRectToOutput, visibleRect, zoomAt, zoomTo, type View,
} from './view-geometry.ts';

const toImage = (view: View, p: { x: number; y: number }) => ({ x: (p.x - view.x) / view.scale, y: (p.y - view.y) / view.scale });

describe('fitView', () => {
  it('fits a wide image to the stage width and centres it vertically', () => {
    expect(fitView({ width: 4000, height: 2000 }, { width: 800, height: 600 })).toEqual({ scale: 0.2, x: 0, y: 100 });
  });
  it('enlarges a tiny image at most 8 times', () => {
    expect(fitView({ width: 24, height: 32 }, { width: 1000, height: 1000 })).toEqual({ scale: 8, x: 404, y: 372 });
  });
});

describe('zoomAt', () => {
  it('keeps the image point under the pointer in place', () => {
    const view: View = { scale: 0.5, x: 10, y: 20 };
    const anchor = { x: 300, y: 200 };
    const under = toImage(view, anchor);
    const zoomed = zoomAt(view, 3, anchor);
    expect(zoomed.scale).toBe(1.5);
    const after = toImage(zoomed, anchor);
    expect(after.x).toBeCloseTo(under.x, 9);
    expect(after.y).toBeCloseTo(under.y, 9);
  });
  it('clamps the scale and still anchors at the pointer', () => {
    const view: View = { scale: 20, x: 0, y: 0 };
    const zoomed = zoomAt(view, 10, { x: 100, y: 100 }, { min: 0.1, max: 32 });
    expect(zoomed.scale).toBe(32);
    expect(toImage(zoomed, { x: 100, y: 100 }).x).toBeCloseTo(5, 9);
  });
  it('zoomTo sets an absolute scale', () => {
    expect(zoomTo({ scale: 0.25, x: 0, y: 0 }, 1, { x: 0, y: 0 }).scale).toBe(1);
  });
});

describe('pinchView', () => {
  it('scales by the change of distance, anchored at the midpoint', () => {
    const start: View = { scale: 1, x: 0, y: 0 };
    const view = pinchView(start, [{ x: 100, y: 100 }, { x: 200, y: 100 }], [{ x: 50, y: 100 }, { x: 250, y: 100 }]);
    expect(view.scale).toBe(2);
    // The midpoint (150, 100) stays over the same image point.
    expect(toImage(view, { x: 150, y: 100 })).toEqual({ x: 150, y: 100 });
  });
  it('pans when both pointers move together', () => {
    const view = pinchView({ scale: 2, x: 0, y: 0 }, [{ x: 0, y: 0 }, { x: 10, y: 0 }], [{ x: 30, y: 40 }, { x: 40, y: 40 }]);
    expect(view).toEqual({ scale: 2, x: 30, y: 40 });
  });
});

describe('clampView and panBy', () => {
  it('centres an axis the image does not fill and stops gaps on the other', () => {
    const image = { width: 1000, height: 100 };
    const stage = { width: 500, height: 400 };
    expect(clampView(panBy({ scale: 1, x: 0, y: 0 }, 200, 50), image, stage)).toEqual({ scale: 1, x: 0, y: 150 });
    expect(clampView({ scale: 1, x: -900, y: 0 }, image, stage)).toEqual({ scale: 1, x: -500, y: 150 });
  });
});

describe('visibleRect', () => {
  it('is the part of the image inside the stage', () => {
    expect(visibleRect({ scale: 2, x: -200, y: -100 }, { width: 1000, height: 800 }, { width: 400, height: 300 })).toEqual({ x: 100, y: 50, width: 200, height: 150 });
  });
  it('is the whole image when it fits', () => {
    expect(visibleRect({ scale: 0.5, x: 10, y: 10 }, { width: 100, height: 80 }, { width: 400, height: 300 })).toEqual({ x: 0, y: 0, width: 100, height: 80 });
  });
});

describe('orientMatrix', () => {
  // A 3 × 2 image whose pixel (x, y) holds the value y * 3 + x: the matrix must send each pixel's centre where
  // pixel-ops sends the pixel.
  const image = { width: 3, height: 2, data: new Uint8ClampedArray(Array.from({ length: 6 }, (_, i) => [i, 0, 0, 255]).flat()) };
  const cases = [[0, false, false], [90, false, false], [180, false, false], [270, false, false], [90, true, false], [270, false, true], [0, true, true]] as const;
  for (const [rotate, flipH, flipV] of cases) {
    it(`agrees with pixel-ops for ${rotate}° ${flipH ? 'flip-h ' : ''}${flipV ? 'flip-v' : ''}`, () => {
      const moved = flipPixels(rotatePixels(image, rotate), flipH, flipV);
      const m = orientMatrix(image, rotate, flipH, flipV);
      for (let y = 0; y < 2; y++) {
        for (let x = 0; x < 3; x++) {
          const p = applyMatrix(m, { x: x + 0.5, y: y + 0.5 });
          const index = (Math.floor(p.y) * moved.width + Math.floor(p.x)) * 4;
          expect(moved.data[index]).toBe(y * 3 + x);
        }
      }
    });
  }
});

describe('placeResult', () => {
  const photo = { width: 4000, height: 3000 };
  it('maps a cover crop (a 9:16 story) onto the centred source region, not the whole original', () => {
    const placed = placeResult(photo, { resize: { width: 1080, height: 1920, fit: 'cover', method: 'lanczos3', allowEnlarge: false } });
    expect(placed.output).toEqual({ width: 1080, height: 1920 });
    expect(placed.region).toEqual({ x: 1156, y: 0, width: 1688, height: 3000 });
    expect(placed.viewSize).toEqual(photo);
  });
  it('a plain resize covers the whole original', () => {
    const placed = placeResult(photo, { resize: { width: 800, fit: 'inside', method: 'lanczos3', allowEnlarge: false } });
    expect(placed.region).toEqual({ x: 0, y: 0, width: 4000, height: 3000 });
    expect(placed.output).toEqual({ width: 800, height: 600 });
  });
  it('a crop then a quarter turn lands on the turned crop', () => {
    const placed = placeResult(photo, { crop: { x: 100, y: 200, width: 1000, height: 500 }, rotate: 90 });
    expect(placed.viewSize).toEqual({ width: 3000, height: 4000 });
    expect(placed.region).toEqual({ x: 2300, y: 100, width: 500, height: 1000 });
    expect(placed.output).toEqual({ width: 500, height: 1000 });
  });
  it('no edits: the result is the original', () => {
    expect(placeResult(photo, undefined).region).toEqual({ x: 0, y: 0, width: 4000, height: 3000 });
  });
  it('maps output rectangles both ways', () => {
    const placed = placeResult(photo, { resize: { width: 1080, height: 1920, fit: 'cover', method: 'lanczos3', allowEnlarge: false } });
    const inView = outputRectToView(placed, { x: 0, y: 0, width: 1080, height: 1920 });
    expect(inView).toEqual(placed.region);
    expect(viewRectToOutput(placed, { x: 0, y: 0, width: 4000, height: 3000 })).toEqual({ x: 0, y: 0, width: 1080, height: 1920 });
    expect(viewRectToOutput(placed, { x: 0, y: 0, width: 1000, height: 1000 })).toMatchObject({ width: 0 });
  });
  it('refuses a crop outside the image with the plan\'s message', () => {
    expect(() => placeResult({ width: 10, height: 10 }, { crop: { x: 5, y: 5, width: 10, height: 10 } })).toThrow(/reaches outside/);
  });
});

describe('divider', () => {
  it('moves by arrow keys, more with Shift, to the ends with Home and End', () => {
    expect(splitAfterKey(50, 'ArrowRight', false)).toBe(51);
    expect(splitAfterKey(50, 'ArrowLeft', true)).toBe(40);
    expect(splitAfterKey(3, 'ArrowLeft', true)).toBe(0);
    expect(splitAfterKey(50, 'Home', false)).toBe(0);
    expect(splitAfterKey(50, 'End', false)).toBe(100);
    expect(splitAfterKey(50, 'a', false)).toBeUndefined();
  });
  it('follows the pointer', () => {
    expect(splitAtPointer(250, 1000)).toBe(25);
    expect(splitAtPointer(-5, 1000)).toBe(0);
  });
});

describe('previewPlan', () => {
  it('encodes a small visible area at full resolution with a margin', () => {
    expect(previewPlan({ x: 100, y: 100, width: 400, height: 300 }, { width: 2000, height: 2000 }, 1_000_000)).toEqual({ region: { x: 68, y: 68, width: 464, height: 364 }, width: 464, height: 364 });
  });
  it('scales a large visible area down to the pixel cap', () => {
    const plan = previewPlan({ x: 0, y: 0, width: 2304, height: 1728 }, { width: 2304, height: 1728 }, 1_000_000);
    expect(plan.region).toEqual({ x: 0, y: 0, width: 2304, height: 1728 });
    expect(plan.width * plan.height).toBeLessThanOrEqual(1_000_000);
    expect(plan.width / plan.height).toBeCloseTo(2304 / 1728, 2);
  });
  it('falls back to the whole output when nothing is visible', () => {
    expect(previewPlan({ x: 5000, y: 5000, width: 10, height: 10 }, { width: 100, height: 100 }, 1_000_000).region).toEqual({ x: 0, y: 0, width: 100, height: 100 });
  });
});
