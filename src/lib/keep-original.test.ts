import { describe, expect, it } from 'vitest';
import { decideKeepOriginal, type KeepOriginalInput } from './keep-original.ts';

const base: KeepOriginalInput = {
  inputFormat: 'jpeg',
  inputBytes: 100_000,
  inputWidth: 800,
  inputHeight: 600,
  inputHasMetadata: false,
  outputFormat: 'jpeg',
  outputBytes: 120_000,
  outputWidth: 800,
  outputHeight: 600,
  metadata: 'strip',
};

describe('decideKeepOriginal', () => {
  it('keeps the original when the re-encode of the same format is larger', () => {
    expect(decideKeepOriginal(base)).toMatchObject({ keep: true });
  });

  it('keeps the original on a tie', () => {
    expect(decideKeepOriginal({ ...base, outputBytes: 100_000 }).keep).toBe(true);
  });

  it('uses the output when it is smaller', () => {
    expect(decideKeepOriginal({ ...base, outputBytes: 99_999 })).toMatchObject({ keep: false, reason: expect.stringContaining('smaller') });
  });

  it('never returns another format than the one asked for', () => {
    expect(decideKeepOriginal({ ...base, outputFormat: 'webp' })).toMatchObject({ keep: false, reason: expect.stringContaining('The output is WebP and the original is JPEG') });
    expect(decideKeepOriginal({ ...base, inputFormat: 'heic', outputFormat: 'jpeg' }).keep).toBe(false);
  });

  it.each([
    ['cropped', { crop: { x: 10, y: 0, width: 790, height: 600 } }],
    ['rotated', { rotate: 90 as const }],
    ['flipped', { flipHorizontal: true }],
  ])('re-encodes when the image was %s', (word, edits) => {
    expect(decideKeepOriginal({ ...base, edits })).toMatchObject({ keep: false, reason: expect.stringContaining(word) });
  });

  it('re-encodes when a resize changed the dimensions, not when it left them alone', () => {
    const resize = { width: 400, fit: 'inside' as const, method: 'lanczos3' as const, allowEnlarge: false };
    expect(decideKeepOriginal({ ...base, edits: { resize }, outputWidth: 400, outputHeight: 300 })).toMatchObject({ keep: false, reason: expect.stringContaining('resized') });
    expect(decideKeepOriginal({ ...base, edits: { resize: { ...resize, width: 2000 } } }).keep).toBe(true);
  });

  it('treats a full-frame crop and rotate 0 as no edit', () => {
    expect(decideKeepOriginal({ ...base, edits: { crop: { x: 0, y: 0, width: 800, height: 600 }, rotate: 0 } }).keep).toBe(true);
  });

  it('never hands back metadata the user asked to strip: without a lossless strip, the new encode', () => {
    expect(decideKeepOriginal({ ...base, inputFormat: 'avif', outputFormat: 'avif', inputHasMetadata: true })).toMatchObject({ kept: 'encoded', keep: false, reason: expect.stringContaining('AVIF has no lossless way') });
    expect(decideKeepOriginal({ ...base, inputHasMetadata: true, metadata: 'keep' })).toMatchObject({ kept: 'original', keep: true });
  });

  it('with strip, the candidate is the original without its metadata, and the reason gives both sizes', () => {
    // Issue 11: at quality 100 a 151 KB photo became 334 KB; the stripped original (146 KB) is kept instead.
    const decision = decideKeepOriginal({ ...base, inputBytes: 151_000, strippedBytes: 146_000, outputBytes: 334_000, inputHasMetadata: true });
    expect(decision).toMatchObject({ kept: 'stripped-original', keep: true });
    expect(decision.reason).toBe('Kept the original without its metadata (image data unchanged): a new JPEG would have been 334 KB, 128.8% larger.');
  });

  it('compares the new encode with the stripped original, not with the original', () => {
    // Smaller than the original but larger than the stripped original: the stripped original wins.
    expect(decideKeepOriginal({ ...base, inputBytes: 151_000, strippedBytes: 120_000, outputBytes: 140_000, inputHasMetadata: true }).kept).toBe('stripped-original');
    expect(decideKeepOriginal({ ...base, inputBytes: 151_000, strippedBytes: 120_000, outputBytes: 119_999, inputHasMetadata: true })).toMatchObject({ kept: 'encoded', reason: expect.stringContaining('smaller than the original without its metadata') });
  });

  it('says why a stripped original could not be offered', () => {
    expect(decideKeepOriginal({ ...base, inputHasMetadata: true, strippedUnavailable: 'Stored rotated.' })).toMatchObject({ kept: 'encoded', reason: 'Stored rotated.' });
  });

  it('names the kept original without metadata only when there was metadata', () => {
    expect(decideKeepOriginal(base).reason).toBe('Kept the original unchanged: a new JPEG would have been 120 KB, 20.0% larger.');
    expect(decideKeepOriginal({ ...base, outputBytes: 100_000 }).reason).toBe('Kept the original unchanged: a new JPEG would have been 100 KB, the same size.');
  });
});
