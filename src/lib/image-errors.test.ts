import { describe, expect, it } from 'vitest';
import { ImageError } from '../core/types.ts';
import { assertWithinPixelLimit, codeUnavailableError, corruptError, emptyFileError, looksLikeCodeLoadFailure, looksLikeOutOfMemory, notAnImageError, outOfMemoryError, tooLargeError, unsupportedFormatError } from './image-errors.ts';

describe('image errors', () => {
  it('builds typed errors with specific messages', () => {
    expect(emptyFileError()).toMatchObject({ code: 'empty', message: expect.stringContaining('0 bytes') });
    expect(notAnImageError('a PDF document')).toMatchObject({ code: 'not-an-image', message: expect.stringMatching(/looks like a PDF document.*Supported formats: JPEG, PNG/) });
    expect(unsupportedFormatError('a Photoshop document (PSD)').message).toContain('JPEG XL, QOI, TIFF, HEIC/HEIF');
    expect(corruptError('png', 'the IDAT chunk is cut short')).toMatchObject({ code: 'corrupt', message: 'This PNG file is damaged or incomplete: the IDAT chunk is cut short.' });
    expect(tooLargeError(50000, 50000, 100_000_000).message).toMatch(/50000 × 50000 pixels \(2,500 megapixels\), above the limit of 100 megapixels/);
    expect(outOfMemoryError('avif', 8000, 6000).message).toMatch(/AVIF image \(8000 × 6000 pixels\).*resizing/);
    expect(emptyFileError()).toBeInstanceOf(ImageError);
  });

  it('refuses only what is above the limit', () => {
    expect(() => assertWithinPixelLimit(10000, 10000, 100_000_000)).not.toThrow();
    expect(() => assertWithinPixelLimit(10001, 10000, 100_000_000)).toThrow(expect.objectContaining({ code: 'too-large' }));
    expect(() => assertWithinPixelLimit(50000, 50000, undefined)).not.toThrow();
  });

  it('recognises allocation failures', () => {
    expect(looksLikeOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(looksLikeOutOfMemory(new Error('Cannot enlarge memory arrays'))).toBe(true);
    expect(looksLikeOutOfMemory(new Error('Invalid JPEG data'))).toBe(false);
    expect(looksLikeOutOfMemory(new WebAssembly.RuntimeError('memory access out of bounds'))).toBe(false);
    expect(looksLikeOutOfMemory(new WebAssembly.RuntimeError('memory access out of bounds'), 'encode')).toBe(true);
    expect(looksLikeOutOfMemory(new RangeError('offset is outside the bounds'), 'encode')).toBe(true);
    expect(looksLikeOutOfMemory(new Error('abort(OOM)'))).toBe(true);
  });
});

describe('codec code that cannot be loaded', () => {
  it('recognises failed dynamic imports in the wording of each engine', () => {
    expect(looksLikeCodeLoadFailure(new TypeError('Failed to fetch dynamically imported module: http://x/_astro/a.js'))).toBe(true);
    expect(looksLikeCodeLoadFailure(new TypeError('error loading dynamically imported module: http://x/a.js'))).toBe(true);
    expect(looksLikeCodeLoadFailure(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(looksLikeCodeLoadFailure(new Error('memory access out of bounds'))).toBe(false);
  });
  it('says the codec, the likely cause and what to do', () => {
    const error = codeUnavailableError('AVIF');
    expect(error.message).toMatch(/AVIF codec could not be loaded.*offline.*Retry failed/);
  });
});
