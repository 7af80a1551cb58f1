/**
 * Decoding, orientation, bad input and metadata through the real engine
 * (window.imglioEngine on /lab/) in Chromium under the production headers.
 * Inputs are made in Node at test time (sharp, or by hand), except the HEIC
 * and JPEG XL fixtures no package here can write (tests/fixtures/decode/).
 */
import exifr from 'exifr';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { addHeifTransform } from '../../src/lib/avif-metadata.ts';
import { jpegImageDataSegments } from '../../src/lib/jpeg-metadata.ts';
import { pngChunks } from '../../src/lib/png-metadata.ts';
import { CAMERA, GPS, bmp, icoWithPng, orientedPhoto, pngBomb, qoi, shippedFixture, storedForOrientation6, uprightImage, uprightRgb, uprightSvg } from '../support/image-fixtures.ts';
import { openLab } from './engine-support.ts';
import { decodeOutput, inspect, processMany, strip, uprightProblems } from './decode-support.ts';
import { watchPage } from './support.ts';

const toPng = { name: 'input', output: { format: 'png' as const } };

/** Largest channel difference between two decoded pictures at the probe points of the upright picture. */
function colourDistance(a: Awaited<ReturnType<typeof decodeOutput>>, b: Awaited<ReturnType<typeof decodeOutput>>): number {
  const probes: Array<[number, number]> = [[5, 7], [18, 7], [12, 26]];
  return Math.max(...probes.flatMap(([x, y]) => [0, 1, 2].map((c) => Math.abs((a.data[(y * a.width + x) * 4 + c] ?? 0) - (b.data[(y * b.width + x) * 4 + c] ?? 0)))));
}

async function everyFormat(): Promise<Array<[string, Buffer]>> {
  const png = await uprightImage().png().toBuffer();
  return [
    ['jpeg', await uprightImage().jpeg({ quality: 95 }).toBuffer()],
    ['png', png],
    ['webp', await uprightImage().webp({ lossless: true }).toBuffer()],
    ['avif', await uprightImage().avif({ quality: 90 }).toBuffer()],
    ['gif', await uprightImage().gif().toBuffer()],
    // Animated: the first frame is the picture, the second is black.
    ['gif', await sharp(Buffer.concat([uprightRgb(), Buffer.alloc(24 * 32 * 3)]), { raw: { width: 24, height: 64, channels: 3, pageHeight: 32 } }).gif({ delay: [100, 100] }).toBuffer()],
    ['bmp', bmp(uprightRgb(), 24, 32)],
    ['ico', icoWithPng(png, 24, 32)],
    ['svg', uprightSvg()],
    ['jxl', shippedFixture('upright.jxl')],
    ['qoi', qoi(uprightRgb(), 24, 32)],
    ['tiff', await uprightImage().tiff({ compression: 'deflate' }).toBuffer()],
  ];
}

test.describe('decoding', () => {
  test('every input format decodes to the right picture', async ({ page }) => {
    const problems = await watchPage(page);
    await openLab(page);
    const inputs = await everyFormat();
    const outcomes = await processMany(page, inputs.map(([, input]) => ({ input, request: toPng })));
    for (const [index, [format]] of inputs.entries()) {
      const outcome = outcomes[index];
      expect(outcome?.ok, `${format}: ${JSON.stringify(outcome)}`).toBe(true);
      if (!outcome?.ok) continue;
      expect(outcome.result, format).toMatchObject({ inputFormat: format, width: 24, height: 32, format: 'png' });
      expect(uprightProblems(await decodeOutput(outcome.output)), format).toEqual([]);
    }
    expect(await problems.violations()).toEqual([]);
  });

  test('an SVG is drawn at the enlarged size, not upscaled from its intrinsic one', async ({ page }) => {
    await openLab(page);
    const [outcome] = await processMany(page, [{ input: uprightSvg(), request: { ...toPng, edits: { resize: { width: 240, fit: 'contain', method: 'lanczos3', allowEnlarge: true } } } }]);
    if (!outcome?.ok) throw new Error(JSON.stringify(outcome));
    expect(outcome.result).toMatchObject({ width: 240, height: 320, inputFormat: 'svg' });
    const image = await decodeOutput(outcome.output);
    // At the green/red border (x = 120) a drawn edge is sharp; an upscaled 24-pixel raster would blur 10 pixels wide.
    const row = 70;
    const mixed = Array.from({ length: 20 }, (_, i) => 110 + i).filter((x) => {
      const [r = 0, g = 0] = [image.data[(row * 240 + x) * 4], image.data[(row * 240 + x) * 4 + 1]];
      return r > 40 && g > 40;
    });
    expect(mixed.length, `blended pixels at the edge: ${mixed.join(', ')}`).toBeLessThanOrEqual(2);
  });

  test('the orientation-6 photo comes out upright through every decode path', async ({ page }) => {
    await openLab(page);
    const paths: Array<[string, Buffer]> = [
      ['JPEG (browser decoder)', await orientedPhoto('jpeg')],
      ['PNG with eXIf (browser decoder)', await orientedPhoto('png')],
      ['WebP with EXIF (browser decoder)', await orientedPhoto('webp')],
      ['TIFF Orientation tag (UTIF, JavaScript)', await orientedPhoto('tiff')],
      ['HEIC with EXIF orientation (libheif, WebAssembly)', shippedFixture('oriented.heic')],
      ['JPEG XL from the same JPEG (libjxl, WebAssembly)', shippedFixture('oriented.jxl')],
      // Container rotation: applied by the decoder; in the HEIC the EXIF orientation 6 must then be ignored, not applied twice.
      ['AVIF with irot (browser decoder)', Buffer.from(addHeifTransform(await (await storedForOrientation6()).avif({ quality: 90 }).toBuffer(), { quarterTurnsAnticlockwise: 3 }) ?? [])],
      ['HEIC with irot and EXIF orientation 6 (libheif, WebAssembly)', Buffer.from(addHeifTransform(shippedFixture('oriented.heic'), { quarterTurnsAnticlockwise: 3 }) ?? [])],
    ];
    const outcomes = await processMany(page, paths.map(([, input]) => ({ input, request: toPng })));
    for (const [index, [path]] of paths.entries()) {
      const outcome = outcomes[index];
      expect(outcome?.ok, `${path}: ${JSON.stringify(outcome)}`).toBe(true);
      if (!outcome?.ok) continue;
      expect(uprightProblems(await decodeOutput(outcome.output)), path).toEqual([]);
      expect(outcome.result, path).toMatchObject({ inputWidth: 24, inputHeight: 32 });
    }
  });
});

test.describe('bad input', () => {
  test('the PNG bomb is refused from its header, before any decoder sees it', async ({ page }) => {
    await openLab(page);
    const bomb = await pngBomb();
    expect(bomb.length).toBeLessThan(120);
    // The same bytes without image data: had a decoder run, it would report the missing data ('corrupt').
    const headerOnly = Buffer.concat([bomb.subarray(0, 33), Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])]);
    const small = Buffer.from(headerOnly);
    small.writeUInt32BE(1, 16);
    small.writeUInt32BE(1, 20);
    const [refused, refusedWithoutData, smallWithoutData] = await processMany(page, [
      { input: bomb, request: toPng },
      { input: headerOnly, request: toPng },
      { input: small, request: toPng },
    ]);
    expect(refused).toMatchObject({ ok: false, code: 'too-large' });
    expect(refused?.ok === false && refused.message).toMatch(/50000 × 50000 pixels \(2,500 megapixels\).*limit of 120 megapixels.*refused before decoding/);
    expect(refusedWithoutData).toMatchObject({ ok: false, code: 'too-large' });
    expect(smallWithoutData).toMatchObject({ ok: false, code: 'corrupt' });
  });

  test('the limit is configurable and other formats are refused from their headers too', async ({ page }) => {
    await openLab(page);
    const photo = await uprightImage().jpeg().toBuffer();
    const hugeJpeg = Buffer.from(photo);
    const sof = hugeJpeg.indexOf(Buffer.from([0xff, 0xc0]));
    hugeJpeg.writeUInt16BE(60000, sof + 5);
    hugeJpeg.writeUInt16BE(60000, sof + 7);
    const hugeSvg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="40000" height="40000"><rect width="10" height="10"/></svg>');
    const outcomes = await processMany(page, [
      { input: photo, request: { ...toPng, maxPixels: 700 } },
      { input: photo, request: { ...toPng, maxPixels: 768 } },
      { input: hugeJpeg, request: toPng },
      { input: hugeSvg, request: toPng },
    ]);
    expect(outcomes[0]).toMatchObject({ ok: false, code: 'too-large', message: expect.stringContaining('24 × 32') });
    expect(outcomes[1]).toMatchObject({ ok: true });
    expect(outcomes[2]).toMatchObject({ ok: false, code: 'too-large', message: expect.stringContaining('60000 × 60000') });
    expect(outcomes[3]).toMatchObject({ ok: false, code: 'too-large', message: expect.stringContaining('40000 × 40000') });
  });

  test('each class of bad input gets its own typed error and message', async ({ page }) => {
    await openLab(page);
    const jpeg = await uprightImage().jpeg().toBuffer();
    const png = await uprightImage().png().toBuffer();
    const cases: Array<[string, Buffer, string, RegExp]> = [
      ['zero bytes', Buffer.alloc(0), 'empty', /empty \(0 bytes\)/],
      ['a text file named photo.jpg', Buffer.from('These are my holiday notes, not a photo.\n'), 'not-an-image', /not an image: it looks like plain text\. Supported formats: JPEG, PNG, WebP/],
      ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'not-an-image', /looks like a PDF document/],
      ['a Photoshop file', Buffer.concat([Buffer.from('8BPS'), Buffer.alloc(40)]), 'unsupported', /^This file is a Photoshop document \(PSD\), which Imglio cannot read\. Supported formats: .*HEIC\/HEIF/],
      ['a truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'corrupt', /JPEG file is damaged or incomplete/],
      ['a truncated PNG', png.subarray(0, png.length - 20), 'corrupt', /PNG file is damaged or incomplete/],
      ['a JPEG with garbage for image data', Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xc0, 0, 11, 8, 0, 32, 0, 24, 1, 1, 0x11, 0]), Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0]), Buffer.alloc(64, 0x55), Buffer.from([0xff, 0xd9])]), 'corrupt', /JPEG file is damaged or incomplete/],
    ];
    const outcomes = await processMany(page, cases.map(([, input]) => ({ input, request: toPng })));
    for (const [index, [name, , code, message]] of cases.entries()) {
      expect(outcomes[index], name).toMatchObject({ ok: false, code });
      const outcome = outcomes[index];
      expect(outcome?.ok === false ? outcome.message : '', name).toMatch(message);
    }
  });

  test('a corrupt file fails alone while the rest of the batch succeeds', async ({ page }) => {
    await openLab(page);
    const jpeg = await uprightImage().jpeg().toBuffer();
    const inputs = [
      await uprightImage().png().toBuffer(),
      jpeg.subarray(0, Math.floor(jpeg.length / 2)),
      jpeg,
      Buffer.alloc(0),
      await uprightImage().webp().toBuffer(),
      await pngBomb(),
      shippedFixture('oriented.heic'),
    ];
    const outcomes = await processMany(page, inputs.map((input) => ({ input, request: { name: 'batch', output: { format: 'webp' as const } } })));
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ok', 'corrupt', 'ok', 'empty', 'ok', 'too-large', 'ok']);
  });
});

test.describe('metadata', () => {
  test('output is stripped by default; "keep" carries EXIF (orientation 1) and ICC into JPEG, PNG, WebP and AVIF', async ({ page }) => {
    await openLab(page);
    const photo = await orientedPhoto('jpeg');
    const formats = ['jpeg', 'png', 'webp', 'avif'] as const;
    // Saturated colours sit at sRGB's gamut edge, where converting from P3 magnifies AVIF's default-quality error.
    const output = (format: (typeof formats)[number]) => (format === 'avif' ? { format, codecOptions: { quality: 95 } } : { format });
    const jobs = formats.flatMap((format) => [
      { input: photo, request: { name: 'photo.jpg', output: output(format) } },
      { input: photo, request: { name: 'photo.jpg', output: output(format), metadata: 'keep' as const } },
    ]);
    const outcomes = await processMany(page, jobs);
    for (const [index, format] of formats.entries()) {
      const stripped = outcomes[index * 2];
      const kept = outcomes[index * 2 + 1];
      if (!stripped?.ok || !kept?.ok) throw new Error(`${format}: ${JSON.stringify([stripped, kept])}`);
      expect(stripped.result.metadata).toBe('stripped');
      expect(kept.result.metadata).toBe('kept');

      const strippedInfo = await sharp(stripped.output).metadata();
      expect(strippedInfo.exif, `${format} stripped`).toBeUndefined();
      expect(strippedInfo.icc, `${format} stripped`).toBeUndefined();
      expect(stripped.output.includes(CAMERA.Model), `${format} stripped`).toBe(false);

      const keptInfo = await sharp(kept.output).metadata();
      expect(keptInfo.icc, `${format} kept ICC`).toBeDefined();
      // exifr reads JPEG, PNG and AVIF files; for WebP it gets the EXIF block sharp found.
      const tags = await exifr.parse(format === 'webp' ? (keptInfo.exif as Buffer) : kept.output, { tiff: true, exif: true, gps: true });
      expect(tags, `${format} kept EXIF`).toMatchObject({ Make: CAMERA.Make, Model: CAMERA.Model, Orientation: 'Horizontal (normal)' });
      expect(tags?.latitude).toBeCloseTo(GPS.latitude, 3);
      // Upright pixels with orientation 1: every viewer shows the same picture.
      expect(keptInfo.orientation ?? 1).toBe(1);
      expect(uprightProblems(await decodeOutput(stripped.output)), `${format} stripped`).toEqual([]);
      // Kept: values stay in Display P3 and carry its profile; read back through it they match the sRGB output.
      // A double conversion (browser to sRGB, then tagged P3) shifts the red by 21 levels; JPEG noise stays under 12.
      expect(colourDistance(await decodeOutput(kept.output), await decodeOutput(stripped.output)), `${format} kept vs stripped colours`).toBeLessThanOrEqual(12);
    }
  });

  test('"keep" carries metadata out of HEIC and TIFF inputs too', async ({ page }) => {
    await openLab(page);
    const [fromHeic, fromTiff] = await processMany(page, [
      { input: shippedFixture('oriented.heic'), request: { name: 'photo.heic', output: { format: 'jpeg' }, metadata: 'keep' } },
      { input: await orientedPhoto('tiff'), request: { name: 'scan.tif', output: { format: 'png' }, metadata: 'keep' } },
    ]);
    if (!fromHeic?.ok || !fromTiff?.ok) throw new Error(JSON.stringify([fromHeic, fromTiff]));
    expect(fromHeic.result.metadata).toBe('kept');
    expect(await exifr.parse(fromHeic.output, { tiff: true })).toMatchObject({ Make: CAMERA.Make, Orientation: 'Horizontal (normal)' });
    expect((await sharp(fromHeic.output).metadata()).icc).toBeDefined();
    expect(uprightProblems(await decodeOutput(fromHeic.output))).toEqual([]);
    // A TIFF's tags are its image structure: only the ICC profile travels.
    expect((await sharp(fromTiff.output).metadata()).icc).toBeDefined();
    expect(uprightProblems(await decodeOutput(fromTiff.output))).toEqual([]);
  });

  test('strip() removes JPEG, PNG and WebP metadata without re-encoding, and names what it wrote', async ({ page }) => {
    await openLab(page);
    const jpeg = await orientedPhoto('jpeg');
    const { result, output } = await strip(page, jpeg);
    expect(result.method).toBe('lossless');
    expect(result.removedBytes).toBe(jpeg.length - output.length);
    const after = await exifr.parse(output, { tiff: true, exif: true, gps: true });
    expect(after?.Make).toBeUndefined();
    expect(after?.latitude).toBeUndefined();
    expect(after?.Orientation).toBe('Rotate 90 CW'); // kept so the photo still displays upright
    expect(jpegImageDataSegments(output).map((s) => Buffer.from(s).toString('hex'))).toEqual(jpegImageDataSegments(jpeg).map((s) => Buffer.from(s).toString('hex')));

    const png = await orientedPhoto('png');
    const strippedPng = await strip(page, png);
    expect(strippedPng.result.method).toBe('lossless');
    const idat = (file: Uint8Array) => pngChunks(file).filter((c) => c.type === 'IDAT').map((c) => Buffer.from(c.data).toString('hex'));
    expect(idat(strippedPng.output)).toEqual(idat(png));
    expect(strippedPng.output.includes(CAMERA.Make)).toBe(false);

    // WebP too (issue 11): EXIF and XMP chunks go, the VP8L chunk is copied byte for byte, the orientation stays.
    const webpInput = await orientedPhoto('webp');
    const webp = await strip(page, webpInput);
    expect(webp.result).toMatchObject({ method: 'lossless', format: 'webp', extension: 'webp' });
    expect(webp.output.includes(CAMERA.Make)).toBe(false);
    const vp8l = (file: Buffer) => file.subarray(file.indexOf('VP8L'));
    expect(vp8l(webp.output).subarray(0, 40).equals(vp8l(webpInput).subarray(0, 40))).toBe(true);
    expect((await sharp(webp.output).metadata()).orientation).toBe(6);

    // HEIC has no lossless strip and no encoder: the result says it is a JPEG, so the file is named after it.
    const heic = await strip(page, shippedFixture('oriented.heic'));
    expect(heic.result).toMatchObject({ method: 're-encoded', format: 'jpeg', mime: 'image/jpeg', extension: 'jpg', inputFormat: 'heic' });
    expect((await sharp(heic.output).metadata()).format).toBe('jpeg');
  });

  test('inspect() reports camera, GPS, serial number, date, software and ICC for every container', async ({ page }) => {
    await openLab(page);
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const report = await inspect(page, await orientedPhoto(format));
      expect(report, format).toMatchObject({
        format,
        width: 24,
        height: 32,
        camera: `${CAMERA.Make} ${CAMERA.Model}`,
        software: 'Imglio fixture',
        serialNumbers: [CAMERA.BodySerialNumber],
        icc: { description: expect.stringMatching(/P3|sP3C/) },
      });
      expect(report.gps?.latitude, format).toBeCloseTo(GPS.latitude, 3);
      expect(report.gps?.longitude, format).toBeCloseTo(GPS.longitude, 3);
      expect(report.takenAt, format).toMatch(/^2024-05-06/);
      expect(Object.keys(report.all).length, format).toBeGreaterThan(5);
    }
    // TIFF: libvips writes the orientation and the profile only; the size is reported upright.
    expect(await inspect(page, await orientedPhoto('tiff'))).toMatchObject({ format: 'tiff', width: 24, height: 32, icc: { description: expect.stringMatching(/P3|sP3C/) } });
    const heic = await inspect(page, shippedFixture('oriented.heic'));
    expect(heic).toMatchObject({ format: 'heic', width: 24, height: 32, camera: `${CAMERA.Make} ${CAMERA.Model}` });
    const avifWithIrot = Buffer.from(addHeifTransform(await (await storedForOrientation6()).avif().toBuffer(), { quarterTurnsAnticlockwise: 3 }) ?? []);
    expect(await inspect(page, avifWithIrot)).toMatchObject({ format: 'avif', width: 24, height: 32 });
  });
});
