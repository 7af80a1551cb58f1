import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CAMERA, GPS, orientedPhoto } from '../../tests/support/image-fixtures.ts';
import { ascii, concatBytes, u32be } from './bytes.ts';
import { readExifOrientation } from './exif-block.ts';
import { jpegImageDataSegments } from './jpeg-metadata.ts';
import { embedMetadata, extractEmbeddedMetadata, metadataForUprightPixels, stripMetadataLossless } from './metadata-strip.ts';
import { chunkBytes, pngChunks, pngImageDataChunks } from './png-metadata.ts';
import { webpChunks } from './webp-metadata.ts';

const asciiBytes = (text: string) => new TextEncoder().encode(text);

/** Adds a JPEG comment and an IPTC (APP13) segment after SOI, as editors do. */
function withCommentAndIptc(jpeg: Uint8Array): Uint8Array {
  const segment = (marker: number, payload: Uint8Array) => concatBytes([Uint8Array.from([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  return concatBytes([jpeg.subarray(0, 2), segment(0xfe, asciiBytes('secret comment')), segment(0xed, asciiBytes('Photoshop 3.0\0IPTC by Jane')), jpeg.subarray(2)]);
}

function withTextChunks(png: Uint8Array): Uint8Array {
  const ihdrEnd = 8 + 12 + 13;
  return concatBytes([png.subarray(0, ihdrEnd), chunkBytes('tEXt', asciiBytes('Author\0Jane Doe')), chunkBytes('tIME', Uint8Array.from([7, 232, 5, 6, 7, 8, 9])), png.subarray(ihdrEnd)]);
}

const raw = (file: Uint8Array) => sharp(file).raw().toBuffer();

describe('lossless JPEG strip', () => {
  it('removes EXIF, GPS, comments and IPTC; keeps the orientation, the ICC profile and every image data byte', async () => {
    const original = withCommentAndIptc(await orientedPhoto('jpeg'));
    expect((await exifr.parse(original, { gps: true }))?.latitude).toBeCloseTo(GPS.latitude, 3);

    const { bytes, removedBytes } = stripMetadataLossless(original, 'jpeg');
    expect(removedBytes).toBeGreaterThan(100);
    expect(bytes.length).toBe(original.length - removedBytes);

    const after = await exifr.parse(bytes, { gps: true, tiff: true, xmp: true, iptc: true, icc: false });
    expect(after?.Make).toBeUndefined();
    expect(after?.latitude).toBeUndefined();
    expect(after?.Orientation).toBe('Rotate 90 CW');
    expect(Buffer.from(bytes).includes('secret comment')).toBe(false);
    expect(Buffer.from(bytes).includes('IPTC by Jane')).toBe(false);
    expect((await sharp(bytes).metadata()).icc).toBeDefined();

    expect(jpegImageDataSegments(bytes).map((s) => Buffer.from(s).toString('hex'))).toEqual(jpegImageDataSegments(original).map((s) => Buffer.from(s).toString('hex')));
    expect((await raw(bytes)).equals(await raw(original))).toBe(true);
  });

  it('drops the ICC profile when asked', async () => {
    const { bytes } = stripMetadataLossless(await orientedPhoto('jpeg'), 'jpeg', { keepIcc: false });
    expect((await sharp(bytes).metadata()).icc).toBeUndefined();
  });

  it('refuses a JPEG cut short instead of writing a broken file', async () => {
    const jpeg = await orientedPhoto('jpeg');
    expect(() => stripMetadataLossless(jpeg.subarray(0, jpeg.length - 40), 'jpeg')).toThrow(/end-of-image/);
  });
});

describe('lossless PNG strip', () => {
  it('removes eXIf, tEXt and tIME; keeps orientation, iCCP and the image chunks byte for byte', async () => {
    const original = withTextChunks(await orientedPhoto('png'));
    const typesBefore = pngChunks(original).map((c) => c.type);
    expect(typesBefore).toEqual(expect.arrayContaining(['eXIf', 'tEXt', 'tIME', 'iCCP']));

    const { bytes } = stripMetadataLossless(original, 'png');
    const types = pngChunks(bytes).map((c) => c.type);
    expect(types).not.toContain('tEXt');
    expect(types).not.toContain('tIME');
    expect(types).toContain('iCCP');
    const exif = pngChunks(bytes).find((c) => c.type === 'eXIf');
    expect(exif && readExifOrientation(exif.data)).toBe(6);
    expect(exif?.data.length).toBeLessThan(40); // only the orientation survived
    expect(Buffer.from(bytes).includes(CAMERA.Make)).toBe(false);

    expect(pngImageDataChunks(bytes).map((c) => Buffer.from(c).toString('hex'))).toEqual(pngImageDataChunks(original).map((c) => Buffer.from(c).toString('hex')));
    expect((await raw(bytes)).equals(await raw(original))).toBe(true);
  });
});

describe('keep metadata', () => {
  const plain = () => sharp({ create: { width: 8, height: 6, channels: 3, background: '#336699' } });

  for (const source of ['jpeg', 'png', 'webp'] as const) {
    it(`reads EXIF and ICC out of ${source} and resets the orientation to 1`, async () => {
      const found = await extractEmbeddedMetadata(await orientedPhoto(source), source);
      expect(found.exif && readExifOrientation(found.exif)).toBe(6);
      expect(found.icc?.length).toBeGreaterThan(100);
      const upright = metadataForUprightPixels(found);
      expect(upright.exif && readExifOrientation(upright.exif)).toBe(1);
      expect(found.exif && readExifOrientation(found.exif)).toBe(6); // the input's copy is untouched
    });
  }

  for (const output of ['jpeg', 'png', 'webp'] as const) {
    it(`writes EXIF (orientation 1) and ICC into a ${output} encoder output that sharp and exifr read back`, async () => {
      const kept = metadataForUprightPixels(await extractEmbeddedMetadata(await orientedPhoto('jpeg'), 'jpeg'));
      const encoded = await plain()[output]().toBuffer();
      const result = embedMetadata(encoded, output, kept);
      expect(result).not.toBeNull();
      const bytes = result as Uint8Array;
      const info = await sharp(bytes).metadata();
      // exifr does not read WebP containers: give it the EXIF block sharp found.
      const tags = await exifr.parse(output === 'webp' ? (info.exif as Buffer) : bytes, { gps: true, tiff: true, exif: true });
      expect(tags).toMatchObject({ Make: CAMERA.Make, Model: CAMERA.Model, Orientation: 'Horizontal (normal)' });
      expect(tags?.latitude).toBeCloseTo(GPS.latitude, 3);
      expect(info.icc?.length).toBe(kept.icc?.length);
      expect(info).toMatchObject({ width: 8, height: 6, orientation: 1 });
      // sharp converts to sRGB through an embedded profile, so pixel identity is checked with EXIF alone.
      const exifOnly = embedMetadata(encoded, output, { ...(kept.exif ? { exif: kept.exif } : {}) }) as Uint8Array;
      expect((await raw(exifOnly)).equals(await raw(encoded))).toBe(true);
    });
  }

  it('lays out an extended WebP as the container spec orders it', async () => {
    const kept = await extractEmbeddedMetadata(await orientedPhoto('jpeg'), 'jpeg');
    const lossless = await plain().ensureAlpha(0.5).webp({ lossless: true }).toBuffer();
    const bytes = embedMetadata(lossless, 'webp', kept) as Uint8Array;
    expect(webpChunks(bytes).map((c) => c.type)).toEqual(['VP8X', 'ICCP', 'VP8L', 'EXIF']);
    const flags = webpChunks(bytes)[0]?.data[0] ?? 0;
    expect(flags & 0x38).toBe(0x38); // ICC, alpha, EXIF
    expect(u32be(Uint8Array.from([...bytes.subarray(4, 8)].reverse()), 0)).toBe(bytes.length - 8);
    expect(ascii(bytes, 8, 4)).toBe('WEBP');
  });

  it('says it cannot write into formats it does not handle', () => {
    expect(embedMetadata(new Uint8Array(10), 'jxl', { exif: new Uint8Array(8) })).toBeNull();
    expect(embedMetadata(new Uint8Array(10), 'avif', { exif: new Uint8Array(8) })).toBeNull(); // not a HEIF layout it knows
  });
});

describe('readEmbeddedOrientation', () => {
  it('reads orientation 6 from every container that carries it', async () => {
    const { readEmbeddedOrientation } = await import('./metadata-strip.ts');
    const { shippedFixture } = await import('../../tests/support/image-fixtures.ts');
    for (const format of ['jpeg', 'png', 'webp', 'tiff'] as const) expect(await readEmbeddedOrientation(await orientedPhoto(format), format), format).toBe(6);
    expect(await readEmbeddedOrientation(shippedFixture('oriented.heic'), 'heic')).toBe(6);
    expect((await extractEmbeddedMetadata(await orientedPhoto('tiff'), 'tiff')).icc?.length).toBe(480);
    expect(await readEmbeddedOrientation(await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer(), 'png')).toBeUndefined();
  });
});

describe('carriesMetadata', () => {
  it('tells photos with metadata from bare encoder output', async () => {
    const { carriesMetadata } = await import('./metadata-strip.ts');
    const bare = sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } });
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      expect(carriesMetadata(await orientedPhoto(format), format), format).toBe(true);
      expect(carriesMetadata(await bare.clone()[format]().toBuffer(), format), format).toBe(false);
    }
    expect(carriesMetadata(await bare.clone().tiff().toBuffer(), 'tiff')).toBeUndefined();
  });
});
