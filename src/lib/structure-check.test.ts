import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { orientedPhoto, pngBomb, qoi, shippedFixture, uprightImage, uprightRgb } from '../../tests/support/image-fixtures.ts';
import { structuralProblem } from './structure-check.ts';

const image = () => sharp({ create: { width: 16, height: 16, channels: 3, background: '#4080c0' } });

describe('structuralProblem', () => {
  it('accepts whole files', async () => {
    expect(structuralProblem(await image().jpeg().toBuffer(), 'jpeg')).toBeNull();
    expect(structuralProblem(await image().png().toBuffer(), 'png')).toBeNull();
    expect(structuralProblem(await image().webp().toBuffer(), 'webp')).toBeNull();
    expect(structuralProblem(qoi(uprightRgb(), 24, 32), 'qoi')).toBeNull();
    expect(structuralProblem(await pngBomb(), 'png')).toBeNull(); // well-formed; its size is refused elsewhere
  });

  it('walks good containers of every kind without a complaint', async () => {
    expect(structuralProblem(shippedFixture('oriented.heic'), 'heic')).toBeNull();
    expect(structuralProblem(shippedFixture('oriented.jxl'), 'jxl')).toBeNull();
    expect(structuralProblem(shippedFixture('upright.jxl'), 'jxl')).toBeNull();
    expect(structuralProblem(await uprightImage().avif().toBuffer(), 'avif')).toBeNull();
    expect(structuralProblem(await orientedPhoto('tiff'), 'tiff')).toBeNull();
    expect(structuralProblem(await orientedPhoto('webp'), 'webp')).toBeNull();
    expect(structuralProblem(await uprightImage().gif().toBuffer(), 'gif')).toBeNull();
    for (const compression of ['none', 'lzw', 'deflate', 'packbits', 'jpeg'] as const) {
      expect(structuralProblem(await uprightImage().tiff({ compression, tile: compression === 'deflate' }).toBuffer(), 'tiff'), compression).toBeNull();
    }
  });

  it('names what is missing from files cut short', async () => {
    const jpeg = await image().jpeg().toBuffer();
    expect(structuralProblem(jpeg.subarray(0, jpeg.length - 30), 'jpeg')).toMatch(/end-of-image|runs past the end/);
    const png = await image().png().toBuffer();
    expect(structuralProblem(png.subarray(0, 40), 'png')).toMatch(/runs past the end|IEND/);
    const webp = await image().webp().toBuffer();
    expect(structuralProblem(webp.subarray(0, webp.length - 10), 'webp')).toMatch(/cut short: its header announces \d+ bytes/);
    const q = qoi(uprightRgb(), 24, 32);
    expect(structuralProblem(q.subarray(0, q.length - 20), 'qoi')).toMatch(/end marker/);
  });
});
