import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CAMERA, GPS, orientedPhoto, shippedFixture } from '../../tests/support/image-fixtures.ts';
import { ascii, concatBytes } from './bytes.ts';
import { iptcHasLocation, removeExifGps, xmpHasLocation } from './exif-location.ts';
import { extractJpegMetadata, jpegImageDataSegments, jpegSegments } from './jpeg-metadata.ts';
import { stripLocation, stripLocationInPlace } from './location-strip.ts';
import { extractHeifExif, heifExifRange } from './heif-metadata.ts';
import { stripMetadataLossless } from './metadata-strip.ts';
import { pngChunks, pngImageDataChunks } from './png-metadata.ts';
import { extractWebpMetadata, webpChunks } from './webp-metadata.ts';

const text = (value: string) => new TextEncoder().encode(value);
const segment = (marker: number, payload: Uint8Array) => concatBytes([Uint8Array.from([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
const everything = { gps: true, tiff: true, exif: true, xmp: true, iptc: true, icc: false } as const;

describe('removeExifGps', () => {
  it('takes the GPS directory out and zeroes it, keeps camera, serial and date, and keeps the block length', async () => {
    const exif = extractJpegMetadata(await orientedPhoto('jpeg')).exif;
    if (!exif) throw new Error('fixture without EXIF');
    expect((await exifr.parse(exif, { gps: true }))?.latitude).toBeCloseTo(GPS.latitude, 3);

    const { exif: cleaned, removed } = removeExifGps(exif, 'jpeg');
    expect(removed).toBe(true);
    expect(cleaned.length).toBe(exif.length);
    const after = await exifr.parse(cleaned, everything);
    expect(after?.latitude).toBeUndefined();
    expect(after?.GPSLatitude).toBeUndefined();
    expect(after).toMatchObject({ Make: CAMERA.Make, Model: CAMERA.Model, SerialNumber: CAMERA.BodySerialNumber });
    expect(after?.DateTimeOriginal).toBeInstanceOf(Date);
    expect(after?.Orientation).toBe('Rotate 90 CW');
    // Not just unlinked: the bytes that differ are exactly the GPS directory, its values and the freed entry, now zero.
    const changed = [...cleaned.keys()].filter((i) => cleaned[i] !== exif[i]);
    expect(changed.length).toBeGreaterThan(12);
    const zeroed = changed.filter((i) => cleaned[i] === 0).length;
    expect(zeroed / changed.length).toBeGreaterThan(0.6);
    // The seconds of the latitude (3024/100 as a big-endian rational) were in the block and are gone.
    const seconds = Buffer.from([0, 0, 0x0b, 0xd0, 0, 0, 0, 100]);
    expect(Buffer.from(exif).includes(seconds) || Buffer.from(exif).includes(Buffer.from([0xd0, 0x0b, 0, 0, 100, 0, 0, 0]))).toBe(true);
    expect(Buffer.from(cleaned).includes(seconds) || Buffer.from(cleaned).includes(Buffer.from([0xd0, 0x0b, 0, 0, 100, 0, 0, 0]))).toBe(false);
  });

  it('leaves a block without GPS as it is', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).withExif({ IFD0: { Make: 'X' } }).jpeg().toBuffer();
    const exif = extractJpegMetadata(jpeg).exif;
    if (!exif) throw new Error('fixture without EXIF');
    expect(removeExifGps(exif, 'jpeg')).toEqual({ exif, removed: false });
  });

  it('refuses a block whose directories loop, as the bounded walk does everywhere', () => {
    const loop = Uint8Array.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 0, 0, 0, 0, 8]);
    expect(() => removeExifGps(loop, 'jpeg')).toThrow(/loops/);
  });
});

describe('location in XMP and IPTC', () => {
  it('finds GPS and place fields, and nothing in a plain XMP', () => {
    expect(xmpHasLocation(text('<x:xmpmeta><rdf:Description exif:GPSLatitude="48,51.49N"/></x:xmpmeta>'))).toBe(true);
    expect(xmpHasLocation(text('<rdf:Description photoshop:City="Paris"/>'))).toBe(true);
    expect(xmpHasLocation(text('<rdf:Description dc:creator="Jane" xmp:CreateDate="2024-05-06"/>'))).toBe(false);
    expect(iptcHasLocation(Uint8Array.from([0x1c, 0x02, 90, 0, 5, ...text('Paris')]))).toBe(true);
    expect(iptcHasLocation(Uint8Array.from([0x1c, 0x02, 80, 0, 4, ...text('Jane')]))).toBe(false);
  });
});

describe('stripLocation', () => {
  it('JPEG: drops GPS and a located XMP, keeps camera, date, a plain comment, the ICC profile and every image data byte', async () => {
    const photo = await orientedPhoto('jpeg');
    const located = segment(0xe1, text('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude="48,51.49N"/></x:xmpmeta>'));
    const original = concatBytes([photo.subarray(0, 2), segment(0xfe, text('kept comment')), located, photo.subarray(2)]);

    const { bytes, removed } = stripLocation(original, 'jpeg');
    expect([...removed].sort()).toEqual(['the GPS position', 'the XMP block (it names a place)']);
    const after = await exifr.parse(bytes, everything);
    expect(after?.latitude).toBeUndefined();
    expect(after).toMatchObject({ Make: CAMERA.Make, Model: CAMERA.Model });
    expect(after?.DateTimeOriginal).toBeInstanceOf(Date);
    expect(Buffer.from(bytes).includes('kept comment')).toBe(true);
    expect(Buffer.from(bytes).includes('GPSLatitude')).toBe(false);
    expect(jpegSegments(bytes).segments.some((s) => s.marker === 0xe2 && ascii(bytes, s.start + 4, 11) === 'ICC_PROFILE')).toBe(true);
    expect(jpegImageDataSegments(bytes)).toEqual(jpegImageDataSegments(original));
    expect(bytes.length).toBe(original.length - located.length);
  });

  it('JPEG: says so when there was no location', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).withExif({ IFD0: { Make: 'X' } }).jpeg().toBuffer();
    expect(stripLocation(jpeg, 'jpeg')).toMatchObject({ removed: [] });
  });

  it('PNG: rewrites eXIf without GPS and keeps the IDAT chunks', async () => {
    const original = await orientedPhoto('png');
    const { bytes, removed } = stripLocation(original, 'png');
    expect(removed).toContain('the GPS position');
    const after = await exifr.parse(bytes, everything);
    expect(after?.latitude).toBeUndefined();
    expect(after).toMatchObject({ Make: CAMERA.Make, Model: CAMERA.Model });
    expect(pngImageDataChunks(bytes).map((c) => Buffer.from(c))).toEqual(pngImageDataChunks(original).map((c) => Buffer.from(c)));
    expect(pngChunks(bytes).map((c) => c.type)).toContain('eXIf');
  });

  it('WebP: rewrites the EXIF chunk without GPS; image chunks unchanged', async () => {
    const original = await orientedPhoto('webp');
    const { bytes, removed } = stripLocation(original, 'webp');
    expect(removed).toContain('the GPS position');
    // exifr does not read WebP: its EXIF chunk is a TIFF block, which it does.
    const after = await exifr.parse(Buffer.from(extractWebpMetadata(bytes).exif ?? []), everything);
    expect(after?.latitude).toBeUndefined();
    expect(after).toMatchObject({ Make: CAMERA.Make, Model: CAMERA.Model });
    const image = (b: Uint8Array) => webpChunks(b).filter((c) => c.type === 'VP8L').map((c) => Buffer.from(c.raw));
    expect(image(bytes)).toEqual(image(original));
    expect(bytes.length).toBe(original.length);
  });
});

describe('lossless WebP strip', () => {
  it('removes EXIF and XMP, keeps the profile, a one-tag orientation and the image bytes; decodes to the same pixels', async () => {
    const input = await orientedPhoto('webp');
    const { bytes, removedBytes } = stripMetadataLossless(input, 'webp');
    expect(removedBytes).toBeGreaterThan(50);
    const types = webpChunks(bytes).map((c) => c.type);
    expect(types).toEqual(['VP8X', 'ICCP', 'VP8L', 'EXIF']);
    const after = await exifr.parse(Buffer.from(extractWebpMetadata(bytes).exif ?? []), everything);
    expect(after?.Make).toBeUndefined();
    expect(after?.latitude).toBeUndefined();
    expect(after?.Orientation).toBe('Rotate 90 CW');
    // VP8X flags: ICC and EXIF only.
    expect(bytes[20]).toBe(0x20 | 0x08);
    const pixels = (b: Uint8Array) => sharp(b).raw().toBuffer();
    expect(await pixels(bytes)).toEqual(await pixels(input));
  });
});

describe('stripLocationInPlace', () => {
  it('HEIC: the Exif item loses its GPS directory in place; the file keeps its length and every box', async () => {
    const heic = new Uint8Array(shippedFixture('oriented.heic'));
    const before = extractHeifExif(heic);
    expect((await exifr.parse(Buffer.from(before ?? []), { gps: true }))?.latitude).toBeCloseTo(GPS.latitude, 3);
    const cleaned = stripLocationInPlace(heic, 'heic');
    if (!cleaned) throw new Error('the fixture should allow an in-place edit');
    expect(cleaned.removed).toEqual(['the GPS position']);
    expect(cleaned.bytes.length).toBe(heic.length);
    const after = await exifr.parse(Buffer.from(extractHeifExif(cleaned.bytes) ?? []), everything);
    expect(after?.latitude).toBeUndefined();
    expect(after).toMatchObject({ Make: CAMERA.Make, Model: CAMERA.Model });
    // Only bytes inside the EXIF item changed.
    const changed = [...heic.keys()].filter((i) => heic[i] !== cleaned.bytes[i]);
    const range = heifExifRange(heic);
    if (!range) throw new Error('no range');
    expect(changed.every((i) => i >= range.start && i < range.end)).toBe(true);
  });

  it('TIFF (an EXIF block is TIFF-structured): IFD0 loses its GPS pointer', async () => {
    const exif = extractJpegMetadata(await orientedPhoto('jpeg')).exif;
    if (!exif) throw new Error('fixture without EXIF');
    const cleaned = stripLocationInPlace(exif, 'tiff');
    expect(cleaned?.removed).toEqual(['the GPS position']);
    expect((await exifr.parse(Buffer.from(cleaned?.bytes ?? []), { gps: true }))?.latitude).toBeUndefined();
  });
});
