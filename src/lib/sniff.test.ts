import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bmp, icoWithPng, qoi, shippedFixture, uprightRgb, uprightSvg } from '../../tests/support/image-fixtures.ts';
import { sniff } from './sniff.ts';

const tiny = () => sharp({ create: { width: 3, height: 2, channels: 3, background: '#123456' } });
const bytes = (value: string | number[] | Buffer): Uint8Array => (typeof value === 'string' ? new TextEncoder().encode(value) : Uint8Array.from(value));

describe('sniff', () => {
  it('recognises every supported format from its bytes', async () => {
    const cases: Array<[string, Uint8Array]> = [
      ['jpeg', await tiny().jpeg().toBuffer()],
      ['png', await tiny().png().toBuffer()],
      ['webp', await tiny().webp().toBuffer()],
      ['webp', await tiny().webp({ lossless: true }).toBuffer()],
      ['avif', await tiny().avif().toBuffer()],
      ['gif', await tiny().gif().toBuffer()],
      ['tiff', await tiny().tiff().toBuffer()],
      ['tiff', bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])],
      ['bmp', bmp(uprightRgb(), 24, 32)],
      ['ico', icoWithPng(await tiny().png().toBuffer(), 3, 2)],
      ['qoi', qoi(uprightRgb(), 24, 32)],
      ['svg', uprightSvg()],
      ['svg', bytes('\uFEFF<!-- drawn by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg viewBox="0 0 1 1"/>')],
      ['jxl', shippedFixture('upright.jxl')],
      ['jxl', shippedFixture('oriented.jxl')],
      ['heic', shippedFixture('oriented.heic')],
    ];
    for (const [format, file] of cases) expect(sniff(file), format).toEqual({ kind: 'image', format });
  });

  it('says what a non-image looks like', () => {
    expect(sniff(bytes('just some words, saved as photo.jpg'))).toEqual({ kind: 'not-an-image', description: 'plain text' });
    expect(sniff(bytes('%PDF-1.7\n'))).toMatchObject({ kind: 'not-an-image', description: 'a PDF document' });
    expect(sniff(bytes([0x50, 0x4b, 0x03, 0x04, 20, 0]))).toMatchObject({ description: expect.stringContaining('ZIP') });
    expect(sniff(bytes('<!DOCTYPE html><html></html>'))).toMatchObject({ description: 'an HTML page' });
    expect(sniff(bytes([0, 0, 0, 0x18, ...bytes('ftypisom'), 0, 0, 2, 0, ...bytes('isomiso2')]))).toMatchObject({ description: expect.stringContaining('video') });
    expect(sniff(bytes([0x00, 0x01, 0x02, 0x03, 0xfe]))).toEqual({ kind: 'not-an-image' });
    expect(sniff(new Uint8Array(0))).toEqual({ kind: 'not-an-image', description: 'plain text' });
  });

  it('names recognised image formats it does not decode', () => {
    expect(sniff(bytes('8BPS\0\x01'))).toEqual({ kind: 'unsupported-image', description: 'a Photoshop document (PSD)' });
    expect(sniff(bytes([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]))).toMatchObject({ kind: 'unsupported-image', description: 'JPEG 2000' });
  });

  it('does not take text beginning with "BM" for a bitmap', () => {
    expect(sniff(bytes('BMW owners club minutes'))).toMatchObject({ kind: 'not-an-image' });
  });
});
