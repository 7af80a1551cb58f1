import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { crc32, parseImage } from './image-structure.ts';
import { exifOrientation, outputProblems, type OutputExpectation } from './output-policy.ts';

const raw = (w: number, h: number) => sharp(Buffer.alloc(w * h * 3, 99), { raw: { width: w, height: h, channels: 3 } });
const exif = { IFD0: { ImageDescription: 'secret place', Artist: 'someone' } };
const strip = (format: OutputExpectation['format'], width = 8, height = 6): OutputExpectation => ({ format, width, height, metadata: 'strip', inputExif: null, inputIcc: false, inputOrientation: 1, metadataTool: false });

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** The PNG without its chunks of `type` (sharp writes pHYs, which the site's encoders do not). */
function withoutChunk(png: Buffer, type: string): Buffer {
  const parts = [png.subarray(0, 8)];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.subarray(at + 4, at + 8).toString('latin1') !== type) parts.push(png.subarray(at, at + 12 + length));
    at += 12 + length;
  }
  return Buffer.concat(parts);
}

describe('parseImage and outputProblems', () => {
  it('JPEG: a clean file passes; EXIF, a comment or bytes after EOI do not', async () => {
    const clean = await raw(8, 6).jpeg().toBuffer();
    const parsed = parseImage(clean);
    expect(parsed).toMatchObject({ format: 'JPEG', width: 8, height: 6 });
    expect(parsed.structures[0]).toBe('SOI');
    expect(parsed.structures.at(-1)).toBe('EOI');
    expect(outputProblems(parsed, strip('JPEG'))).toEqual([]);
    expect(outputProblems(parsed, strip('PNG'))).toEqual(['is JPEG, the chosen format is PNG']);
    expect(outputProblems(parsed, strip('JPEG', 9, 6))).toEqual(['is 8×6, expected 9×6']);

    const withExif = await raw(8, 6).withExif(exif).jpeg().toBuffer();
    expect(outputProblems(parseImage(withExif), strip('JPEG')).join('\n')).toMatch(/holds APP1 Exif, which a stripped output may not contain/);
    const inputExif = parseImage(withExif).exif;
    expect(inputExif).not.toBeNull();
    expect(outputProblems(parseImage(withExif), { ...strip('JPEG'), metadata: 'keep', inputExif })).toEqual([]);
    expect(outputProblems(parseImage(clean), { ...strip('JPEG'), metadata: 'keep', inputExif })).toEqual(["the input's EXIF block was not kept"]);
    const otherExif = parseImage(await raw(8, 6).withExif({ IFD0: { ImageDescription: 'elsewhere', Artist: 'someone' } }).jpeg().toBuffer()).exif;
    expect(outputProblems(parseImage(withExif), { ...strip('JPEG'), metadata: 'keep', inputExif: otherExif }).join('\n')).toMatch(/EXIF tag IFD0\.0x010e differs/);

    const comment = Buffer.concat([clean.subarray(0, 2), Buffer.from([0xff, 0xfe, 0x00, 0x07]), Buffer.from('hello'), clean.subarray(2)]);
    expect(outputProblems(parseImage(comment), strip('JPEG'))).toEqual(['holds COM, which a stripped output may not contain']);
    expect(outputProblems(parseImage(Buffer.concat([clean, Buffer.from('tail')])), strip('JPEG'))).toEqual(['4 byte(s) after EOI']);
  });

  it('JPEG: orientation is read from EXIF', async () => {
    const rotated = parseImage(await raw(8, 6).withMetadata({ orientation: 6 }).jpeg().toBuffer());
    expect(exifOrientation(rotated.exif)).toBe(6);
  });

  it('PNG: critical chunks pass; a text chunk, a bad CRC or bytes after IEND do not', async () => {
    const clean = withoutChunk(await raw(8, 6).png().toBuffer(), 'pHYs');
    expect(parseImage(clean).structures).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(outputProblems(parseImage(clean), strip('PNG'))).toEqual([]);
    const iend = clean.length - 12;
    const withText = Buffer.concat([clean.subarray(0, iend), chunk('tEXt', Buffer.from('Comment\0hi')), clean.subarray(iend)]);
    expect(outputProblems(parseImage(withText), strip('PNG'))).toEqual(['holds tEXt, which a stripped output may not contain']);
    const broken = Buffer.from(withText);
    broken.writeUInt8(broken.readUInt8(iend + 10) ^ 1, iend + 10);
    expect(parseImage(broken).problems.join()).toMatch(/chunk tEXt .* wrong CRC/);
    expect(outputProblems(parseImage(Buffer.concat([clean, Buffer.from([1, 2])])), strip('PNG'))).toEqual(['2 byte(s) after IEND']);
  });

  it('WebP: the RIFF size must be exact; EXIF is only for "keep"', async () => {
    for (const lossless of [false, true]) {
      const clean = await raw(8, 6).webp({ lossless }).toBuffer();
      expect(outputProblems(parseImage(clean), strip('WebP'))).toEqual([]);
      expect(outputProblems(parseImage(Buffer.concat([clean, Buffer.from('xy')])), strip('WebP'))[0]).toMatch(/declares \d+ bytes, the file has \d+ \(2 byte\(s\) after the RIFF\)/);
    }
    const withExif = parseImage(await raw(8, 6).withExif(exif).webp().toBuffer());
    expect(withExif.structures).toContain('EXIF');
    expect(outputProblems(withExif, strip('WebP'))).toContain('holds EXIF, which a stripped output may not contain');
    expect(outputProblems(withExif, { ...strip('WebP'), metadata: 'keep', inputExif: withExif.exif })).toEqual([]);
  });

  it('AVIF: items and properties; an Exif item is only for "keep"', async () => {
    const clean = parseImage(await raw(8, 6).avif({ effort: 0 }).toBuffer());
    expect(clean).toMatchObject({ format: 'AVIF', width: 8, height: 6 });
    expect(clean.structures).toContain('item av01 (primary)');
    expect(outputProblems(clean, strip('AVIF'))).toEqual([]);
    const withExif = parseImage(await raw(8, 6).withExif(exif).avif({ effort: 0 }).toBuffer());
    expect(withExif.structures).toContain('item Exif');
    expect(outputProblems(withExif, strip('AVIF'))).toContain('holds item Exif, which a stripped output may not contain');
    expect(outputProblems(withExif, { ...strip('AVIF'), metadata: 'keep', inputExif: parseImage(await raw(8, 6).withExif(exif).jpeg().toBuffer()).exif })).toEqual([]);
  });

  it('JPEG XL codestream size header and QOI streams', () => {
    // small = 1, ysize_div8_minus1 = 5, ratio = 1 (1:1): 48 × 48.
    expect(parseImage(Buffer.from([0xff, 0x0a, 0x4b, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toMatchObject({ format: 'JPEG XL', width: 48, height: 48, problems: [] });
    const qoi = Buffer.concat([Buffer.from('qoif'), Buffer.from([0, 0, 0, 2, 0, 0, 0, 1, 3, 0]), Buffer.from([0xfe, 1, 2, 3, 0xfe, 4, 5, 6]), Buffer.from([0, 0, 0, 0, 0, 0, 0, 1])]);
    expect(outputProblems(parseImage(qoi), strip('QOI', 2, 1))).toEqual([]);
    expect(outputProblems(parseImage(Buffer.concat([qoi, Buffer.from('!')])), strip('QOI', 2, 1))).toEqual(['1 byte(s) after the end marker']);
  });

  it('reads the JPEG XL container and finds its EXIF box', () => {
    const box = (type: string, body: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(8 + body.length, 0);
      head.write(type, 4, 'latin1');
      return Buffer.concat([head, body]);
    };
    const file = Buffer.concat([
      Buffer.from([0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a]),
      box('ftyp', Buffer.from('jxl \0\0\0\0jxl ', 'latin1')),
      box('Exif', Buffer.concat([Buffer.alloc(4), Buffer.from('II*\0\x08\0\0\0\0\0', 'latin1')])),
      box('jxlc', Buffer.from([0xff, 0x0a, 0x4b, 0, 0, 0])),
    ]);
    const parsed = parseImage(file);
    expect(parsed).toMatchObject({ format: 'JPEG XL', width: 48, height: 48, structures: ['box JXL ', 'box ftyp', 'box Exif', 'box jxlc'] });
    expect(outputProblems(parsed, strip('JPEG XL', 48, 48))).toEqual(['holds box Exif, which a stripped output may not contain']);
    expect(outputProblems(parseImage(Buffer.concat([file, Buffer.from('xx')])), strip('JPEG XL', 48, 48))[0]).toMatch(/2 byte\(s\) that are not a box/);
  });

  it('refuses what is no image at all', () => {
    expect(parseImage(Buffer.from('hello, this is not an image')).problems[0]).toMatch(/not a known output format/);
  });

  it('SVG: drawing elements pass; comments, <metadata>, editor attributes and trailing content do not', () => {
    const svg = (inner: string, after = '') => Buffer.from(`<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="48" height="32">${inner}</svg>\n${after}`);
    const clean = parseImage(svg('<rect x="0" y="0" width="4" height="4" fill="#123456"/><desc>a square</desc>'));
    expect(clean).toMatchObject({ format: 'SVG', width: 48, height: 32 });
    expect(outputProblems(clean, { ...strip(null, 48, 32), metadataTool: true })).toEqual([]);
    const dirty = parseImage(svg('<!-- secret --><metadata>x</metadata><g xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:x="http://example.com/aGVsbG8" inkscape:label="Layer"/>', '<!-- after -->'));
    expect(outputProblems(dirty, { ...strip(null, 48, 32), metadataTool: true })).toEqual([
      'content after </svg>',
      'holds comment, which a stripped output may not contain',
      'holds element metadata, which a stripped output may not contain',
      'holds namespace x http://example.com/aGVsbG8, which a stripped output may not contain',
      'holds attribute inkscape:label, which a stripped output may not contain',
      'holds comment, which a stripped output may not contain',
    ]);
  });
});
