import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bmp, icoWithPng, pngBomb, qoi, shippedFixture, uprightRgb, uprightSvg } from '../../tests/support/image-fixtures.ts';
import { readHeaderDimensions, svgIntrinsicSize } from './header-dimensions.ts';
import type { InputFormat } from '../core/types.ts';

const make = (width: number, height: number) => sharp({ create: { width, height, channels: 4, background: '#12345680' } });

describe('readHeaderDimensions', () => {
  it('reads width and height of files sharp writes', async () => {
    const cases: Array<[InputFormat, Buffer]> = [
      ['jpeg', await make(37, 23).jpeg().toBuffer()],
      ['jpeg', await make(37, 23).jpeg({ progressive: true }).withMetadata({ orientation: 3 }).toBuffer()],
      ['png', await make(37, 23).png().toBuffer()],
      ['webp', await make(37, 23).webp().toBuffer()],
      ['webp', await make(37, 23).webp({ lossless: true }).toBuffer()],
      ['webp', await make(37, 23).webp().withIccProfile('p3').toBuffer()], // VP8X
      ['avif', await make(37, 23).avif().toBuffer()],
      ['gif', await make(37, 23).gif().toBuffer()],
      ['tiff', await make(37, 23).tiff().toBuffer()],
    ];
    for (const [format, file] of cases) expect(readHeaderDimensions(file, format), format).toEqual({ ok: true, width: 37, height: 23 });
  });

  it('reads the hand-written and shipped formats', async () => {
    expect(readHeaderDimensions(bmp(uprightRgb(), 24, 32), 'bmp')).toEqual({ ok: true, width: 24, height: 32 });
    expect(readHeaderDimensions(qoi(uprightRgb(), 24, 32), 'qoi')).toEqual({ ok: true, width: 24, height: 32 });
    expect(readHeaderDimensions(icoWithPng(await make(300, 200).png().toBuffer(), 300, 200), 'ico')).toEqual({ ok: true, width: 300, height: 200 });
    expect(readHeaderDimensions(uprightSvg(), 'svg')).toEqual({ ok: true, width: 24, height: 32 });
    expect(readHeaderDimensions(shippedFixture('upright.jxl'), 'jxl')).toEqual({ ok: true, width: 24, height: 32 });
    // Stored sideways (orientation 6): the header describes the stored pixels.
    expect(readHeaderDimensions(shippedFixture('oriented.heic'), 'heic')).toEqual({ ok: true, width: 32, height: 24 });
  });

  it('reads the huge size a PNG bomb declares, from 100-odd bytes', async () => {
    const bomb = await pngBomb();
    expect(bomb.length).toBeLessThan(120);
    expect(readHeaderDimensions(bomb, 'png')).toEqual({ ok: true, width: 50000, height: 50000 });
  });

  it('reads large declared sizes in other formats without decoding', () => {
    const bmpHeader = bmp(Buffer.alloc(3), 1, 1);
    bmpHeader.writeInt32LE(40000, 18);
    bmpHeader.writeInt32LE(-30000, 22); // top-down
    expect(readHeaderDimensions(bmpHeader, 'bmp')).toEqual({ ok: true, width: 40000, height: 30000 });
    const qoiHeader = qoi(Buffer.alloc(3), 1, 1);
    qoiHeader.writeUInt32BE(100000, 4);
    expect(readHeaderDimensions(qoiHeader, 'qoi')).toMatchObject({ width: 100000, height: 1 });
  });

  it('decodes JPEG XL size headers bit by bit', () => {
    // small (div8) form: height (5+1)*8 = 48, ratio 0, width (2+1)*8 = 24 → bits LSB first: 1, 00101, 000, 01000
    const bits = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0];
    const packed = new Uint8Array(4);
    bits.forEach((bit, i) => { packed[i >> 3]! |= bit << (i & 7); });
    expect(readHeaderDimensions(Uint8Array.from([0xff, 0x0a, ...packed]), 'jxl')).toEqual({ ok: true, width: 24, height: 48 });
    // explicit form with a ratio: not small, selector 1 → 13 bits of height-1 = 999, ratio 5 (16:9) → 1777 × 1000
    const big = [0, 1, 0, ...Array.from({ length: 13 }, (_, i) => (999 >> i) & 1), 1, 0, 1];
    const packedBig = new Uint8Array(4);
    big.forEach((bit, i) => { packedBig[i >> 3]! |= bit << (i & 7); });
    expect(readHeaderDimensions(Uint8Array.from([0xff, 0x0a, ...packedBig]), 'jxl')).toEqual({ ok: true, width: 1777, height: 1000 });
  });

  it('reports truncated or broken headers instead of guessing', async () => {
    const png = await make(5, 5).png().toBuffer();
    expect(readHeaderDimensions(png.subarray(0, 20), 'png')).toMatchObject({ ok: false });
    const jpeg = await make(5, 5).jpeg().toBuffer();
    expect(readHeaderDimensions(jpeg.subarray(0, 30), 'jpeg')).toMatchObject({ ok: false, reason: expect.stringContaining('cut short') });
    expect(readHeaderDimensions(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2]), 'jpeg')).toMatchObject({ ok: false, reason: expect.stringContaining('no frame header') });
    expect(readHeaderDimensions(Uint8Array.from([0xff, 0x0a]), 'jxl')).toMatchObject({ ok: false });
    const zero = Buffer.from(png);
    zero.writeUInt32BE(0, 16);
    expect(readHeaderDimensions(zero, 'png')).toMatchObject({ ok: false, reason: expect.stringContaining('0 × 5') });
  });
});

describe('svgIntrinsicSize', () => {
  it('uses width/height with units, else the viewBox, else 300 × 150', () => {
    expect(svgIntrinsicSize('<svg width="2in" height="96pt">')).toEqual({ ok: true, width: 192, height: 128 });
    expect(svgIntrinsicSize('<svg viewBox="0 0 640 480">')).toEqual({ ok: true, width: 640, height: 480 });
    expect(svgIntrinsicSize('<svg width="100%" height="100%" viewBox="0,0,64,32">')).toEqual({ ok: true, width: 64, height: 32 });
    expect(svgIntrinsicSize('<svg width="200" viewBox="0 0 100 50">')).toEqual({ ok: true, width: 200, height: 100 });
    expect(svgIntrinsicSize('<svg xmlns="http://www.w3.org/2000/svg">')).toEqual({ ok: true, width: 300, height: 150 });
    expect(svgIntrinsicSize('<html></html>')).toMatchObject({ ok: false });
  });
});

describe('ICO entries', () => {
  it('reads BMP entries (their DIB height counts the AND mask twice) and takes the largest', () => {
    const dib = (width: number, height: number) => {
      const header = Buffer.alloc(40);
      header.writeUInt32LE(40, 0);
      header.writeInt32LE(width, 4);
      header.writeInt32LE(height * 2, 8);
      return header;
    };
    const directory = Buffer.alloc(6 + 2 * 16);
    directory.writeUInt16LE(1, 2);
    directory.writeUInt16LE(2, 4);
    const images = [dib(16, 16), dib(48, 40)];
    let offset = directory.length;
    images.forEach((image, i) => {
      directory.writeUInt32LE(image.length, 6 + i * 16 + 8);
      directory.writeUInt32LE(offset, 6 + i * 16 + 12);
      offset += image.length;
    });
    expect(readHeaderDimensions(Buffer.concat([directory, ...images]), 'ico')).toEqual({ ok: true, width: 48, height: 40 });
  });
});
