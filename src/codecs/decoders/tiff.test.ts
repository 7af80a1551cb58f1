import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageError } from '../../core/types.ts';
import { buildTiff, CMYK_TIFF_RGB, cmykTiff, imageTags, selfLoopTiff, solidRgbPage, u32le } from '../../../tests/support/tiff-builder.ts';
import { uprightImage, uprightRgb, UPRIGHT } from '../../../tests/support/image-fixtures.ts';
import { decodeTiff } from './tiff.ts';

const decode = (bytes: Uint8Array) => decodeTiff(bytes.slice().buffer);
const rgbAt = (p: { data: Uint8ClampedArray; width: number }, x: number, y: number) => Array.from(p.data.subarray((y * p.width + x) * 4, (y * p.width + x) * 4 + 3));

async function sharpTiff(options: sharp.TiffOptions, image = uprightImage()): Promise<Uint8Array> {
  return new Uint8Array(await image.tiff(options).toBuffer());
}

/** The upright picture: green top-left, red top-right, blue bottom half (with a lossy codec's tolerance). */
function expectUpright(p: { data: Uint8ClampedArray; width: number; height: number }, tolerance = 0): void {
  expect([p.width, p.height]).toEqual([UPRIGHT.width, UPRIGHT.height]);
  const reference = uprightRgb();
  for (const [x, y] of [[2, 2], [20, 2], [5, 25], [20, 30]] as const) {
    const want = Array.from(reference.subarray((y * UPRIGHT.width + x) * 3, (y * UPRIGHT.width + x) * 3 + 3));
    rgbAt(p, x, y).forEach((v, i) => expect(Math.abs(v - (want[i] ?? 0))).toBeLessThanOrEqual(tolerance));
  }
}

describe('the TIFF decoder', () => {
  for (const compression of ['none', 'lzw', 'deflate', 'packbits'] as const) {
    it(`decodes ${compression} strips`, async () => {
      expectUpright(await decode(await sharpTiff({ compression })));
    });
    it(`decodes ${compression} with the horizontal predictor and tiles`, async () => {
      const predictor = compression === 'lzw' || compression === 'deflate' ? 'horizontal' : 'none';
      expectUpright(await decode(await sharpTiff({ compression, predictor, tile: true, tileWidth: 16, tileHeight: 16 })));
    });
  }

  it('decodes JPEG-compressed TIFF', async () => {
    expectUpright(await decode(await sharpTiff({ compression: 'jpeg', quality: 95 })), 40);
  });

  it('decodes 16-bit RGB and 8-bit grey', async () => {
    expectUpright(await decode(await sharpTiff({ compression: 'lzw' }, uprightImage().toColourspace('rgb16'))));
    const grey = await decode(await sharpTiff({ compression: 'deflate' }, uprightImage().greyscale()));
    expect(rgbAt(grey, 5, 25)[0]).toBe(rgbAt(grey, 5, 25)[2]);
  });

  it('decodes 16-bit grey, 8-bit grey with alpha and 1-bit bilevel exactly as libvips reads them', async () => {
    const variants: Array<[string, sharp.Sharp, sharp.TiffOptions]> = [
      ['16-bit grey', uprightImage().toColourspace('grey16'), { compression: 'lzw' }],
      ['grey + alpha', uprightImage().greyscale().ensureAlpha(0.5), { compression: 'deflate' }],
      ['1-bit', uprightImage().toColourspace('b-w').threshold(100), { compression: 'packbits', bitdepth: 1 }],
    ];
    for (const [name, image, options] of variants) {
      const tiff = await sharpTiff(options, image);
      const reference = await sharp(tiff).toColourspace('srgb').ensureAlpha().raw().toBuffer();
      const mine = await decode(tiff);
      const worst = mine.data.reduce((max, value, i) => Math.max(max, Math.abs(value - (reference[i] ?? 0))), 0);
      expect([name, mine.width, mine.height, worst <= 1]).toEqual([name, UPRIGHT.width, UPRIGHT.height, true]);
    }
  });

  it('decodes CMYK with the right colours (it used to fail with "window is not defined")', async () => {
    const pixels = await decode(cmykTiff());
    expect([pixels.width, pixels.height]).toEqual([4, 2]);
    CMYK_TIFF_RGB.forEach((rgb, i) => expect(rgbAt(pixels, i % 4, Math.floor(i / 4))).toEqual(rgb));
  });

  it('decodes a palette TIFF', async () => {
    const map = new Array<number>(3 * 256).fill(0);
    map[1] = 65535; // index 1: red
    map[256 + 2] = 65535; // index 2: green
    const page = { tags: imageTags(3, 1, { photometric: 3, samples: 1, bits: 8, extra: [{ tag: 320, type: 3, values: map }] }), strips: [Uint8Array.from([0, 1, 2])] };
    const pixels = await decode(buildTiff([page]).bytes);
    expect([0, 1, 2].map((x) => rgbAt(pixels, x, 0))).toEqual([[0, 0, 0], [255, 0, 0], [0, 255, 0]]);
  });

  it('decodes only the first page of a multi-page TIFF', async () => {
    const pixels = await decode(buildTiff([solidRgbPage(4, 4, [10, 20, 30]), solidRgbPage(64, 64, [200, 0, 0])]).bytes);
    expect([pixels.width, pixels.height, ...rgbAt(pixels, 1, 1)]).toEqual([4, 4, 10, 20, 30]);
  });

  it('refuses a directory that points back at itself with a specific message (utif2 looped until the tab died)', async () => {
    await expect(decode(selfLoopTiff())).rejects.toThrow(/^This TIFF file is damaged or incomplete: its directory chain loops back on itself/);
  });

  it('stops on damaged LZW data instead of spinning (flipped bytes in every position)', async () => {
    const good = await sharpTiff({ compression: 'lzw' });
    let decodedOrRefused = 0;
    for (let at = 8; at < good.length; at += 3) {
      const bad = good.slice();
      bad[at] = (bad[at] ?? 0) ^ 0xff;
      bad[at + 1] = (bad[at + 1] ?? 0) ^ 0x5a;
      try {
        await decode(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(ImageError);
        expect((error as Error).message).toMatch(/^This TIFF file is damaged|^This file is a TIFF with .*, which Imglio cannot read/);
      }
      decodedOrRefused += 1;
    }
    expect(decodedOrRefused).toBeGreaterThan(10);
  });

  it('refuses strips that overlap to read the file many times', async () => {
    const built = buildTiff([solidRgbPage(8, 8, [1, 2, 3])]);
    const b = built.bytes;
    // Point the single strip's byte count at the whole file length + 1.
    const ifd = built.ifdOffsets[0] ?? 0;
    const count = b[ifd] ?? 0;
    for (let i = 0; i < count; i += 1) {
      const entry = ifd + 2 + i * 12;
      if ((b[entry] ?? 0) + ((b[entry + 1] ?? 0) << 8) === 279) u32le(b, entry + 8, b.length * 4);
    }
    await expect(decode(b)).rejects.toThrow(/cut short: strip 1 ends at byte/);
  });
});
