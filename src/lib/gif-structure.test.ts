import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { walkGif } from './gif-structure.ts';
import { MAX_GIF_BLOCKS, MAX_GIF_FRAMES } from './parse-limits.ts';
import { structuralProblem } from './structure-check.ts';

const HEADER = Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255]);
/** A 1 × 1 frame: descriptor, LZW minimum code size 2, one data sub-block, terminator. */
const FRAME = Uint8Array.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0]);
const EXTENSION = Uint8Array.from([0x21, 0xfe, 1, 0x41, 0]); // a one-byte comment
const gif = (...blocks: Uint8Array[]) => Buffer.concat([HEADER, ...blocks, Uint8Array.of(0x3b)]);

describe('walkGif', () => {
  it('walks a real animated GIF', async () => {
    const frames = await sharp({ create: { width: 4, height: 12, channels: 3, background: '#f00' } }).gif().toBuffer();
    const animated = await sharp(frames, { animated: false }).gif().toBuffer();
    expect(walkGif(animated)).toMatchObject({ frames: 1, complete: true });
    expect(walkGif(gif(FRAME, EXTENSION, FRAME))).toEqual({ frames: 2, blocks: 3, complete: true });
  });

  it('refuses a GIF with 100 000 frames', () => {
    const many = gif(...Array.from({ length: 100_000 }, () => FRAME));
    expect(() => structuralProblem(many, 'gif')).not.toThrow();
    expect(structuralProblem(many, 'gif')).toBe(`it has more than ${MAX_GIF_FRAMES} frames`);
  });

  it('refuses a GIF with 100 000 extensions', () => {
    expect(structuralProblem(gif(FRAME, ...Array.from({ length: 100_000 }, () => EXTENSION)), 'gif')).toBe(`it has more than ${MAX_GIF_BLOCKS} blocks (frames and extensions)`);
  });

  it('says so when there is no frame, and leaves a GIF cut short to the decoder', () => {
    expect(structuralProblem(gif(EXTENSION), 'gif')).toBe('it has no image (no frame before its end marker)');
    const cut = gif(FRAME, FRAME).subarray(0, 40);
    expect(walkGif(cut).complete).toBe(false);
  });
});
