import { describe, expect, it } from 'vitest';
import { unpremultiplyInPlace } from './svg-pixels.ts';

describe('unpremultiplyInPlace', () => {
  it('turns premultiplied RGBA into straight alpha, leaving opaque and empty pixels alone', () => {
    const pixels = new Uint8ClampedArray([127, 0, 64, 127, 10, 20, 30, 255, 0, 0, 0, 0, 200, 200, 200, 100]);
    unpremultiplyInPlace(pixels);
    expect([...pixels]).toEqual([255, 0, 129, 127, 10, 20, 30, 255, 0, 0, 0, 0, 255, 255, 255, 100]);
  });
});
