import { describe, expect, it } from 'vitest';
import { isGenericMessage } from './image-errors.ts';
import { assertOutputFitsEncoder, fitsEncoder, plannedOutputSizes, tooLargeForFormatError } from './encoder-limits.ts';

const webp = { formatLabel: 'WebP', limits: { maxWidth: 16_383, maxHeight: 16_383 } };
const qoi = { formatLabel: 'QOI', limits: { maxWidth: 4_294_967_295, maxHeight: 4_294_967_295, maxPixels: 400_000_000 } };

describe('encoder limits before decoding', () => {
  it('names the limit, the size the job would produce, and what to do', () => {
    const error = tooLargeForFormatError(webp, { width: 20000, height: 1 }, ['PNG', 'AVIF']);
    expect(error?.code).toBe('too-large-for-format');
    expect(error?.message).toBe('WebP images can be at most 16383 pixels wide; this one would be 20000 × 1. Resize it to at most 16383 pixels wide (Resize settings), or choose PNG or AVIF, which can hold it.');
    expect(tooLargeForFormatError(webp, { width: 10, height: 16384 })?.message).toMatch(/^WebP images can be at most 16383 pixels high; this one would be 10 × 16384\..*choose another format\.$/);
    expect(tooLargeForFormatError(qoi, { width: 30000, height: 20000 })?.message).toMatch(/^QOI images can hold at most 400 megapixels; this one would be 30000 × 20000/);
    expect(isGenericMessage(error?.message)).toBe(false);
    expect(tooLargeForFormatError(webp, { width: 16383, height: 16383 })).toBeUndefined();
  });

  it('checks the size the edits produce from the header', () => {
    // A 20000 × 1 strip to WebP fails at once…
    expect(() => assertOutputFitsEncoder(webp, { width: 20000, height: 1 }, undefined)).toThrow(expect.objectContaining({ code: 'too-large-for-format' }));
    // …but resized to 8000 wide it fits.
    expect(() => assertOutputFitsEncoder(webp, { width: 20000, height: 1 }, { resize: { width: 8000, fit: 'contain', method: 'lanczos3', allowEnlarge: false } })).not.toThrow();
    // A crop inside the limit fits too.
    expect(() => assertOutputFitsEncoder(webp, { width: 20000, height: 100 }, { crop: { x: 0, y: 0, width: 16000, height: 100 } })).not.toThrow();
    // Enlarging past it does not.
    expect(() => assertOutputFitsEncoder(webp, { width: 10000, height: 100 }, { resize: { percent: 200, fit: 'contain', method: 'lanczos3', allowEnlarge: true } })).toThrow(/20000 × 200/);
  });

  it('never refuses a job that would fit in the other orientation (EXIF orientation is read while decoding)', () => {
    const asymmetric = { formatLabel: 'Test', limits: { maxWidth: 100, maxHeight: 1000 } };
    expect(plannedOutputSizes({ width: 500, height: 50 }, undefined)).toEqual([{ width: 500, height: 50 }, { width: 50, height: 500 }]);
    expect(() => assertOutputFitsEncoder(asymmetric, { width: 500, height: 50 }, undefined)).not.toThrow();
    expect(fitsEncoder(asymmetric, { width: 500, height: 50 })).toBe(false);
    // Edits that fit neither orientation are left to the full check after decoding.
    expect(() => assertOutputFitsEncoder(webp, { width: 20000, height: 1 }, { crop: { x: 0, y: 0, width: 30000, height: 30000 } })).not.toThrow();
  });
});
