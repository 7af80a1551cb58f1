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

  it('never hands back metadata the user asked to strip', () => {
    expect(decideKeepOriginal({ ...base, inputHasMetadata: true })).toMatchObject({ keep: false, reason: expect.stringContaining('metadata') });
    expect(decideKeepOriginal({ ...base, inputHasMetadata: true, metadata: 'keep' }).keep).toBe(true);
  });
});
