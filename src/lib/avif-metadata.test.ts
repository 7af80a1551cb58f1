import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CAMERA, orientedPhoto } from '../../tests/support/image-fixtures.ts';
import { addHeifTransform, insertHeifMetadata } from './avif-metadata.ts';
import { extractHeifExif, extractHeifIcc } from './heif-metadata.ts';
import { extractEmbeddedMetadata, metadataForUprightPixels } from './metadata-strip.ts';

describe('insertHeifMetadata', () => {
  it('adds EXIF (orientation 1) and an ICC profile that libheif, sharp and exifr read back, pixels unchanged', async () => {
    const kept = metadataForUprightPixels(await extractEmbeddedMetadata(await orientedPhoto('jpeg'), 'jpeg'));
    const avif = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#336699' } }).avif({ quality: 80 }).toBuffer();
    const result = insertHeifMetadata(avif, kept);
    expect(result).not.toBeNull();
    const bytes = Buffer.from(result as Uint8Array);
    const info = await sharp(bytes).metadata();
    expect(info).toMatchObject({ format: 'heif', width: 8, height: 6 });
    expect(info.icc?.length).toBe(kept.icc?.length);
    expect(await exifr.parse(bytes, { tiff: true })).toMatchObject({ Make: CAMERA.Make, Model: CAMERA.Model, Orientation: 'Horizontal (normal)' });
    expect(extractHeifExif(bytes)?.length).toBe(kept.exif?.length);
    expect(extractHeifIcc(bytes)?.length).toBe(kept.icc?.length);
    // Pixels read with the profile ignored are exactly the original ones: the image item still points at its data.
    const plain = insertHeifMetadata(avif, { ...(kept.exif ? { exif: kept.exif } : {}) }) as Uint8Array;
    expect((await sharp(Buffer.from(plain)).raw().toBuffer()).equals(await sharp(avif).raw().toBuffer())).toBe(true);
  });
});

describe('addHeifTransform', () => {
  it('adds a rotation that libheif applies (AVIF read by sharp here; HEIC is decoded in the browser tests)', async () => {
    const { shippedFixture, storedForOrientation6 } = await import('../../tests/support/image-fixtures.ts');
    const { heifHasTransform } = await import('./heif-metadata.ts');
    const heic = shippedFixture('oriented.heic');
    expect(heifHasTransform(heic)).toBe(false);
    const rotated = addHeifTransform(heic, { quarterTurnsAnticlockwise: 3 }) as Uint8Array;
    expect(heifHasTransform(rotated)).toBe(true);
    const avif = addHeifTransform(await (await storedForOrientation6()).avif({ quality: 90 }).toBuffer(), { quarterTurnsAnticlockwise: 3 }) as Uint8Array;
    for (const file of [avif]) {
      const { data, info } = await sharp(Buffer.from(file)).raw().toBuffer({ resolveWithObject: true });
      expect({ width: info.width, height: info.height }).toEqual({ width: 24, height: 32 });
      const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
      expect(at(5, 7)[1]).toBeGreaterThan(150); // green top-left
      expect(at(18, 7)[0]).toBeGreaterThan(150); // red top-right
    }
  });
});
