import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CAMERA, shippedFixture } from '../../tests/support/image-fixtures.ts';
import { readExifOrientation } from './exif-block.ts';
import { extractHeifExif, extractHeifIcc, heifHasTransform, heifQuarterTurns } from './heif-metadata.ts';

describe('HEIF/AVIF metadata', () => {
  it('finds the EXIF item and the ICC profile of the shipped HEIC', async () => {
    const heic = shippedFixture('oriented.heic');
    const exif = extractHeifExif(heic);
    expect(exif && readExifOrientation(exif)).toBe(6);
    expect(await exifr.parse(Buffer.from(exif ?? []), { tiff: true })).toMatchObject({ Make: CAMERA.Make, Model: CAMERA.Model });
    expect(extractHeifIcc(heic)?.length).toBe(480);
    expect(heifHasTransform(heic)).toBe(false);
  });

  it('reads the EXIF item of an AVIF, and nothing where there is none', async () => {
    const avif = await sharp({ create: { width: 4, height: 2, channels: 3, background: '#fff' } }).avif().withExif({ IFD0: { Make: 'Avif Maker' } }).toBuffer();
    expect(await exifr.parse(Buffer.from(extractHeifExif(avif) ?? []), { tiff: true })).toMatchObject({ Make: 'Avif Maker' });
    const plain = await sharp({ create: { width: 4, height: 2, channels: 3, background: '#fff' } }).avif().toBuffer();
    expect(extractHeifExif(plain)).toBeUndefined();
  });
});

describe('heifHasTransform', () => {
  const box = (type: string, ...payload: number[][]) => {
    const body = payload.flat();
    return [0, 0, 0, body.length + 8, ...[...type].map((c) => c.charCodeAt(0)), ...body];
  };
  it('sees an irot or imir property', () => {
    const withRotation = Uint8Array.from(box('meta', [0, 0, 0, 0], box('iprp', box('ipco', box('ispe', [0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 2]), box('irot', [1])))));
    expect(heifHasTransform(withRotation)).toBe(true);
    const withMirror = Uint8Array.from(box('meta', [0, 0, 0, 0], box('iprp', box('ipco', box('imir', [0])))));
    expect(heifHasTransform(withMirror)).toBe(true);
    expect(heifQuarterTurns(withRotation)).toBe(1);
    expect(heifQuarterTurns(withMirror)).toBe(0);
  });
});
