import { describe, expect, it } from 'vitest';
import { orientationTransform } from './orientation.ts';
import {
  aspectRatio, composeTurns, flipHorizontally, flipVertically, isNoTurn, largestAspectRect, moveRect, NO_TURN, orientationAfter,
  rectToRelative, resizeRect, resolveCropRule, rotateLeft, rotateRight, setRectField, sourceStraighten, straightenedSize,
  turnedSize, validateStraighten, viewRectToSource, type Turn,
} from './edit-geometry.ts';

const photo = { width: 2560, height: 1600 };

/** Applies a turn to a point of a w×h image, pixel by pixel, as src/lib/pixel-ops.ts does (rotate, then flip). */
function turnPixel(x: number, y: number, w: number, h: number, turn: Turn): [number, number] {
  let [px, py, pw, ph] = [x, y, w, h];
  for (let i = 0; i < turn.rotate / 90; i += 1) [px, py, pw, ph] = [ph - 1 - py, px, ph, pw];
  if (turn.flipHorizontal) px = pw - 1 - px;
  if (turn.flipVertical) py = ph - 1 - py;
  return [px, py];
}

const ALL_TURNS: Turn[] = [0, 90, 180, 270].flatMap((rotate) => [false, true].flatMap((flipHorizontal) => [false, true].map((flipVertical) => ({ rotate, flipHorizontal, flipVertical }) as Turn)));

describe('turns', () => {
  it('four right turns, two flips either way, and left after right are no turn', () => {
    expect(isNoTurn(rotateRight(rotateRight(rotateRight(rotateRight(NO_TURN)))))).toBe(true);
    expect(isNoTurn(flipHorizontally(flipHorizontally(NO_TURN)))).toBe(true);
    expect(isNoTurn(flipVertically(flipVertically(NO_TURN)))).toBe(true);
    expect(isNoTurn(rotateLeft(rotateRight(NO_TURN)))).toBe(true);
  });

  it('a vertical flip is a horizontal flip and a half turn', () => {
    expect(flipVertically(NO_TURN)).toEqual({ rotate: 180, flipHorizontal: true, flipVertical: false });
  });

  it('composing equals applying one after the other, pixel for pixel', () => {
    for (const first of ALL_TURNS) {
      for (const then of ALL_TURNS) {
        const both = composeTurns(first, then);
        const [ax, ay] = turnPixel(1, 0, 3, 2, first);
        const mid = turnedSize({ width: 3, height: 2 }, first);
        expect(turnPixel(ax, ay, mid.width, mid.height, then)).toEqual(turnPixel(1, 0, 3, 2, both));
      }
    }
  });

  it('rotating right then flipping horizontally mirrors the picture', () => {
    const turn = flipHorizontally(rotateRight(NO_TURN));
    expect(turnPixel(0, 0, 4, 2, turn)).toEqual([0, 0]); // top-left goes to top-right by the turn, then back by the flip
  });
});

describe('orientationAfter (lossless JPEG turns)', () => {
  it('turns an upright file', () => {
    expect(orientationAfter(1, rotateRight(NO_TURN))).toBe(6);
    expect(orientationAfter(undefined, rotateLeft(NO_TURN))).toBe(8);
    expect(orientationAfter(1, flipHorizontally(NO_TURN))).toBe(2);
    expect(orientationAfter(1, flipVertically(NO_TURN))).toBe(4);
  });

  it('combines with the orientation already there', () => {
    expect(orientationAfter(6, rotateRight(NO_TURN))).toBe(3);
    expect(orientationAfter(6, rotateLeft(NO_TURN))).toBe(1);
    expect(orientationAfter(8, NO_TURN)).toBe(8);
    expect(orientationAfter(2, flipHorizontally(NO_TURN))).toBe(1);
  });

  it('matches applying the orientation, then the turn, pixel by pixel', () => {
    for (let o = 1; o <= 8; o += 1) {
      const t = orientationTransform(o);
      const upright: Turn = { rotate: t.rotate, flipHorizontal: false, flipVertical: false };
      for (const turn of ALL_TURNS) {
        const next = orientationTransform(orientationAfter(o, turn));
        // Stored pixel (1, 0) of a 3×2 image: mirror (if the orientation says so), rotate, then the user's turn.
        const mirrored: [number, number] = t.flipHorizontal ? [1, 0] : [1, 0];
        const start = t.flipHorizontal ? [3 - 1 - mirrored[0], mirrored[1]] as const : mirrored;
        const [ux, uy] = turnPixel(start[0], start[1], 3, 2, upright);
        const us = turnedSize({ width: 3, height: 2 }, upright);
        const expected = turnPixel(ux, uy, us.width, us.height, turn);
        const nStart = next.flipHorizontal ? [1, 0] as const : [1, 0] as const;
        const ns = next.flipHorizontal ? [3 - 1 - nStart[0], nStart[1]] as const : nStart;
        expect(turnPixel(ns[0], ns[1], 3, 2, { rotate: next.rotate, flipHorizontal: false, flipVertical: false })).toEqual(expected);
      }
    }
  });
});

describe('viewRectToSource', () => {
  it('is the identity without a turn', () => {
    expect(viewRectToSource({ x: 10, y: 20, width: 30, height: 40 }, photo, NO_TURN)).toEqual({ x: 10, y: 20, width: 30, height: 40 });
  });

  it('maps back so that crop-then-turn equals turn-then-crop', () => {
    const source = { width: 5, height: 3 };
    for (const turn of ALL_TURNS) {
      const view = turnedSize(source, turn);
      const rect = { x: 1, y: 0, width: 2, height: Math.min(2, view.height) };
      const back = viewRectToSource(rect, source, turn);
      // Every source pixel inside `back`, turned, lands inside `rect`.
      for (let y = back.y; y < back.y + back.height; y += 1) {
        for (let x = back.x; x < back.x + back.width; x += 1) {
          const [vx, vy] = turnPixel(x, y, source.width, source.height, turn);
          expect(vx >= rect.x && vx < rect.x + rect.width && vy >= rect.y && vy < rect.y + rect.height).toBe(true);
        }
      }
      expect(back.width * back.height).toBe(rect.width * rect.height);
    }
  });
});

describe('followTurn', () => {
  it('keeps the box on the same part of the picture', async () => {
    const { followTurn, invertTurn, composeTurns: compose } = await import('./edit-geometry.ts');
    const source = { width: 400, height: 200 };
    // A box on the left quarter of the unturned picture is on the top quarter once turned right.
    expect(followTurn({ x: 0, y: 0, width: 100, height: 200 }, source, NO_TURN, rotateRight(NO_TURN))).toEqual({ x: 0, y: 0, width: 200, height: 100 });
    for (const turn of ALL_TURNS) expect(isNoTurn(compose(turn, invertTurn(turn)))).toBe(true);
    for (const turn of ALL_TURNS) {
      const rect = { x: 10, y: 20, width: 30, height: 40 };
      expect(followTurn(followTurn(rect, source, NO_TURN, turn), source, turn, NO_TURN)).toEqual(rect);
    }
  });
});

describe('aspect presets and crop rules', () => {
  const choice = (aspect: Parameters<typeof aspectRatio>[0]['aspect'], swapped = false) => ({ aspect, customWidth: 5, customHeight: 2, swapped });

  it('gives the ratio of each preset, swapped on request', () => {
    expect(aspectRatio(choice('free'), photo)).toBeUndefined();
    expect(aspectRatio(choice('original'), photo)).toBeCloseTo(1.6);
    expect(aspectRatio(choice('16:9'), photo)).toBeCloseTo(16 / 9);
    expect(aspectRatio(choice('4:3', true), photo)).toBeCloseTo(3 / 4);
    expect(aspectRatio(choice('custom'), photo)).toBeCloseTo(2.5);
    expect(aspectRatio({ ...choice('custom'), customHeight: 0 }, photo)).toBeUndefined();
  });

  it('1:1 on 2560×1600 is 1600×1600, centred or anchored', () => {
    expect(largestAspectRect(photo, 1)).toEqual({ x: 480, y: 0, width: 1600, height: 1600 });
    expect(largestAspectRect(photo, 1, 'right')).toEqual({ x: 960, y: 0, width: 1600, height: 1600 });
    expect(largestAspectRect(photo, 1, 'top-left')).toEqual({ x: 0, y: 0, width: 1600, height: 1600 });
  });

  it('16:9 fits portrait and landscape images', () => {
    expect(largestAspectRect({ width: 1000, height: 1600 }, 16 / 9, 'bottom')).toEqual({ x: 0, y: 1037, width: 1000, height: 563 });
    expect(largestAspectRect({ width: 1920, height: 1200 }, 16 / 9)).toEqual({ x: 0, y: 60, width: 1920, height: 1080 });
  });

  it('resolves relative and pixel rules per image, clamped', () => {
    expect(resolveCropRule({ kind: 'relative', x: 10, y: 25, width: 50, height: 50 }, { width: 1000, height: 800 })).toEqual({ x: 100, y: 200, width: 500, height: 400 });
    expect(resolveCropRule({ kind: 'relative', x: 90, y: 0, width: 50, height: 100 }, { width: 1000, height: 800 })).toEqual({ x: 900, y: 0, width: 100, height: 800 });
    expect(resolveCropRule({ kind: 'pixels', x: 900, y: 0, width: 400, height: 10 }, { width: 1000, height: 800 })).toEqual({ x: 600, y: 0, width: 400, height: 10 });
    expect(() => resolveCropRule({ kind: 'relative', x: 0, y: 0, width: 0, height: 10 }, photo)).toThrow(/percentages/);
  });

  it('a relative rectangle with a ratio keeps the ratio on other shapes', () => {
    const rule = { kind: 'relative', x: 0, y: 0, width: 100, height: 100, ratio: 16 / 9 } as const;
    expect(resolveCropRule(rule, { width: 1000, height: 1000 })).toEqual({ x: 0, y: 219, width: 1000, height: 563 });
    expect(resolveCropRule({ ...rule, width: 50, height: 50, ratio: 1 }, { width: 1000, height: 1000 })).toEqual({ x: 0, y: 0, width: 500, height: 500 });
  });

  it('a relative rectangle round-trips', () => {
    const image = { width: 3000, height: 2000 };
    const rect = { x: 123, y: 456, width: 789, height: 1011 };
    expect(resolveCropRule(rectToRelative(rect, image), image)).toEqual(rect);
  });
});

describe('the crop box', () => {
  const image = { width: 1000, height: 800 };
  const box = { x: 100, y: 100, width: 400, height: 300 };

  it('moves by a nudge and stays inside the image', () => {
    expect(moveRect(box, 1, 0, image)).toEqual({ ...box, x: 101 });
    expect(moveRect(box, -10, -10, image)).toEqual({ ...box, x: 90, y: 90 });
    expect(moveRect(box, 5000, 5000, image)).toEqual({ ...box, x: 600, y: 500 });
  });

  it('resizes from a handle with the opposite side fixed', () => {
    expect(resizeRect(box, 'right', 50, 0, image)).toEqual({ ...box, width: 450 });
    expect(resizeRect(box, 'top-left', -200, -200, image)).toEqual({ x: 0, y: 0, width: 500, height: 400 });
    expect(resizeRect(box, 'left', 1000, 0, image)).toEqual({ x: 499, y: 100, width: 1, height: 300 });
  });

  it('keeps a ratio while resizing and never leaves the image', () => {
    const square = { x: 100, y: 100, width: 300, height: 300 };
    expect(resizeRect(square, 'right', 100, 0, image, 1)).toEqual({ x: 100, y: 50, width: 400, height: 400 });
    const big = resizeRect(square, 'bottom-right', 5000, 5000, image, 1);
    expect(big).toEqual({ x: 100, y: 100, width: 700, height: 700 });
  });

  it('numeric fields keep the ratio and the bounds', () => {
    expect(setRectField(box, 'width', 600, image)).toEqual({ ...box, width: 600 });
    expect(setRectField(box, 'x', 900, image)).toEqual({ ...box, x: 600 });
    expect(setRectField(box, 'width', 800, image, 1)).toEqual({ x: 100, y: 0, width: 800, height: 800 });
  });
});

describe('straighten', () => {
  it('keeps the aspect ratio and leaves no empty corner', () => {
    const size = straightenedSize(photo, 10);
    expect(size.width / size.height).toBeCloseTo(1.6, 2);
    // Each corner of the kept rectangle, turned back by 10°, lies inside the original.
    const a = (10 * Math.PI) / 180;
    for (const [sx, sy] of [[1, 1], [1, -1], [-1, 1], [-1, -1]]) {
      const x = ((sx as number) * size.width) / 2;
      const y = ((sy as number) * size.height) / 2;
      expect(Math.abs(x * Math.cos(a) + y * Math.sin(a))).toBeLessThanOrEqual(photo.width / 2);
      expect(Math.abs(-x * Math.sin(a) + y * Math.cos(a))).toBeLessThanOrEqual(photo.height / 2);
    }
    expect(straightenedSize(photo, -10)).toEqual(size);
    expect(straightenedSize(photo, 0)).toEqual(photo);
  });

  it('validates the angle and follows mirroring turns', () => {
    expect(() => validateStraighten(46)).toThrow(/−45° to 45°/);
    expect(validateStraighten(-45)).toBe(-45);
    expect(sourceStraighten(5, NO_TURN)).toBe(5);
    expect(sourceStraighten(5, flipHorizontally(NO_TURN))).toBe(-5);
    expect(sourceStraighten(5, rotateRight(NO_TURN))).toBe(5);
  });
});

describe('resolveEdits (the worker side)', () => {
  it('turns a crop rule on the view into a source crop after straighten', async () => {
    const { resolveEdits } = await import('./edit-geometry.ts');
    // 1:1 on a 1600×1000 image turned right: the view is 1000×1600, the square is 1000×1000 centred.
    const turned = resolveEdits({ width: 1600, height: 1000 }, { rotate: 90, cropRule: { kind: 'aspect', ratio: 1, anchor: 'top' } });
    // The view's top is the source's left side.
    expect(turned.edits?.crop).toEqual({ x: 0, y: 0, width: 1000, height: 1000 });
    expect(turned.edits?.cropRule).toBeUndefined();
    const straight = resolveEdits({ width: 1600, height: 1000 }, { straighten: 5 });
    expect(straight.size).toEqual(straightenedSize({ width: 1600, height: 1000 }, 5));
    expect(straight.straighten).toBe(5);
    expect(() => resolveEdits({ width: 10, height: 10 }, { straighten: 90 })).toThrow(/Straighten/);
  });
});
