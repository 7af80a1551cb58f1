import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

// Making a 1 GiB bomb takes about a second on an idle machine, several on a busy one.
const BOMB_TIMEOUT = 60_000;
import { compressedChunkBombPng } from '../../tests/support/image-fixtures.ts';
import { ImageError } from '../core/types.ts';
import { carriesMetadata, extractEmbeddedMetadata, stripMetadataLossless } from './metadata-strip.ts';
import { MAX_PNG_CHUNKS } from './parse-limits.ts';
import { chunkBytes, extractPngMetadata, pngChunks } from './png-metadata.ts';
import { structuralProblem } from './structure-check.ts';

describe('PNG chunk walks are bounded', () => {
  it('refuses the 1 MB PNG whose iCCP inflates to 1 GiB, from the size its profile header declares', async () => {
    const bomb = await compressedChunkBombPng('iCCP');
    expect(bomb.length).toBeLessThan(1.2 * 1024 * 1024);
    expect(() => extractPngMetadata(bomb)).toThrow(ImageError);
    await expect(extractEmbeddedMetadata(bomb, 'png')).rejects.toThrow('This PNG file is damaged or incomplete: its ICC profile (iCCP chunk) declares 1073741824 bytes, more than the 16 MB allowed.');
  }, BOMB_TIMEOUT);

  it('the lossless strip refuses to copy the bomb profile into its output, but drops it when the profile goes', async () => {
    const bomb = await compressedChunkBombPng('iCCP');
    expect(() => stripMetadataLossless(bomb, 'png')).toThrow(/ICC profile \(iCCP chunk\) declares 1073741824 bytes/);
    expect(pngChunks(stripMetadataLossless(bomb, 'png', { keepIcc: false }).bytes).map((c) => c.type)).not.toContain('iCCP');
  }, BOMB_TIMEOUT);

  it('stops a profile that inflates past the size it declares, and one that declares no size (all zeros)', async () => {
    const lying = await compressedChunkBombPng('iCCP', 1 << 30, 1 << 20);
    expect(() => extractPngMetadata(lying)).toThrow('its ICC profile (iCCP chunk) inflates to more than the 1048576 bytes it declares');
    const zeros = await compressedChunkBombPng('iCCP', 1 << 30, 0);
    expect(() => extractPngMetadata(zeros)).toThrow('its ICC profile (iCCP chunk) is not a profile: it declares 0 bytes');
  }, BOMB_TIMEOUT);

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
  }, BOMB_TIMEOUT);

  it('names a damaged chunk type as hex, never as raw bytes', async () => {
    const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer());
    png.set([0xe6, 0x2f, 0x70, 0xc2], 37); // the IDAT chunk's type
    png.writeUInt32BE(0x7fffffff, 33);
    expect(structuralProblem(png, 'png')).toBe('the 0xE62F70C2 chunk at byte 33 runs past the end of the file');
  });

  it(`refuses more than ${MAX_PNG_CHUNKS} chunks`, async () => {
    const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
    const filler = chunkBytes('tEXt', new TextEncoder().encode('a\0b'));
    const many = Buffer.concat([png.subarray(0, 33), Buffer.concat(Array.from({ length: MAX_PNG_CHUNKS }, () => filler)), png.subarray(33)]);
    expect(() => structuralProblem(many, 'png')).toThrow(`This PNG file is damaged or incomplete: it has more than ${MAX_PNG_CHUNKS} chunks.`);
  });
});
