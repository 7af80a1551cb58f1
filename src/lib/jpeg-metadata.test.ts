import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegSegments } from './jpeg-metadata.ts';
import { MAX_JPEG_SEGMENTS } from './parse-limits.ts';
import { structuralProblem } from './structure-check.ts';
import { readHeaderDimensions } from './header-dimensions.ts';

describe('JPEG segment walks are bounded', () => {
  it('walks an ordinary JPEG', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg({ progressive: true }).toBuffer();
    expect(jpegSegments(jpeg).segments.length).toBeLessThan(50);
  });

  it('refuses a JPEG with 100 000 segments', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const comment = Uint8Array.from([0xff, 0xfe, 0x00, 0x03, 0x41]);
    const many = Buffer.concat([jpeg.subarray(0, 2), Buffer.concat(Array.from({ length: 100_000 }, () => comment)), jpeg.subarray(2)]);
    expect(() => structuralProblem(many, 'jpeg')).toThrow(`This JPEG file is damaged or incomplete: it has more than ${MAX_JPEG_SEGMENTS} marker segments.`);
    // The header reader stops at the frame header, linearly, whatever comes before it.
    expect(readHeaderDimensions(many, 'jpeg')).toEqual({ ok: true, width: 8, height: 8 });
  });
});
