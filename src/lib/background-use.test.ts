import { describe, expect, it } from 'vitest';
import type { ImageFormat } from '../core/formats.ts';
import { backgroundUse } from './background-use.ts';

/** The codec registry's rule today: encodable formats stay, lossy others become JPEG, lossless others PNG. */
const sameBecomes = (input: ImageFormat): ImageFormat => (['jpeg', 'png', 'webp', 'avif', 'jxl'].includes(input) ? input : input === 'heic' ? 'jpeg' : 'png');
const ACCEPTS: readonly ImageFormat[] = ['jpeg', 'png', 'webp', 'heic', 'tiff', 'svg'];

describe('backgroundUse', () => {
  it('applies to every file when the output is JPEG', () => {
    expect(backgroundUse('jpeg', ACCEPTS, sameBecomes)).toEqual({ kind: 'always' });
  });
  it('never applies to outputs that keep transparency', () => {
    for (const format of ['png', 'webp', 'avif', 'jxl'] as const) expect(backgroundUse(format, ACCEPTS, sameBecomes)).toEqual({ kind: 'never' });
  });
  it('with "Same as input", names the inputs that become JPEG, not JPEG itself', () => {
    expect(backgroundUse('same', ACCEPTS, sameBecomes)).toEqual({ kind: 'some', inputs: ['heic'] });
    expect(backgroundUse('same', ['jpeg', 'png'], sameBecomes)).toEqual({ kind: 'never' });
  });
});
