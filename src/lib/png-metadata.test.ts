import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compressedChunkBombPng } from '../../tests/support/image-fixtures.ts';
import { ImageError } from '../core/types.ts';
import { carriesMetadata, extractEmbeddedMetadata, stripMetadataLossless } from './metadata-strip.ts';
import { MAX_PNG_CHUNKS } from './parse-limits.ts';
import { chunkBytes, extractPngMetadata, pngChunks } from './png-metadata.ts';
import { structuralProblem } from './structure-check.ts';

describe('PNG chunk walks are bounded', () => {
  it('refuses the 1 MB PNG whose iCCP inflates to 1 GiB, at the 16 MB cap', async () => {
    const bomb = await compressedChunkBombPng('iCCP');
    expect(bomb.length).toBeLessThan(1.2 * 1024 * 1024);
    expect(() => extractPngMetadata(bomb)).toThrow(ImageError);
    await expect(extractEmbeddedMetadata(bomb, 'png')).rejects.toThrow('This PNG file is damaged or incomplete: its ICC profile (iCCP chunk) inflates to more than 16 MB.');
  });

  it('still reads an ordinary ICC profile', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#123456' } }).withIccProfile('p3').png().toBuffer();
    const { icc } = extractPngMetadata(png);
    expect(icc && new TextDecoder().decode(icc.subarray(36, 40))).toBe('acsp');
  });

  it('never inflates zTXt or iTXt: a 1 GiB text bomb is only skipped, and a strip drops it', async () => {
    for (const chunk of ['zTXt', 'iTXt'] as const) {
      const bomb = await compressedChunkBombPng(chunk);
      await expect(extractEmbeddedMetadata(bomb, 'png')).resolves.toEqual({});
      expect(carriesMetadata(bomb, 'png')).toBe(true);
      const stripped = stripMetadataLossless(bomb, 'png');
      expect(pngChunks(stripped.bytes).map((c) => c.type)).not.toContain(chunk);
    }
  });

  it(`refuses more than ${MAX_PNG_CHUNKS} chunks`, async () => {
    const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
    const filler = chunkBytes('tEXt', new TextEncoder().encode('a\0b'));
    const many = Buffer.concat([png.subarray(0, 33), Buffer.concat(Array.from({ length: MAX_PNG_CHUNKS }, () => filler)), png.subarray(33)]);
    expect(() => structuralProblem(many, 'png')).toThrow(`This PNG file is damaged or incomplete: it has more than ${MAX_PNG_CHUNKS} chunks.`);
  });
});
