import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { concatBytes, writeU32be, asciiBytes } from './bytes.ts';
import { extractHeifExif } from './heif-metadata.ts';
import { isoStructureProblem } from './iso-structure.ts';
import { structuralProblem } from './structure-check.ts';
import { MAX_HEIF_EXTENTS, MAX_ISO_BOXES, MAX_ISO_DEPTH } from './parse-limits.ts';

function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const body = concatBytes(parts);
  const header = new Uint8Array(8);
  writeU32be(header, 0, body.length + 8);
  header.set(asciiBytes(type), 4);
  return concatBytes([header, body]);
}
const full = (version = 0) => Uint8Array.of(version, 0, 0, 0);
const ftyp = box('ftyp', asciiBytes('avif'), new Uint8Array(4), asciiBytes('mif1'));
const u16 = (v: number) => Uint8Array.of(v >> 8, v & 0xff);
const u32 = (v: number) => { const out = new Uint8Array(4); writeU32be(out, 0, v); return out; };

describe('isoStructureProblem', () => {
  it('accepts a real AVIF, and leaves a bare JPEG XL codestream (no boxes) alone', async () => {
    const avif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123' } }).avif().toBuffer();
    expect(isoStructureProblem(avif)).toBeNull();
    expect(structuralProblem(Uint8Array.from([0xff, 0x0a, 0xfa, 0x1f, 0x28, 0x04, 0x00, 0x00]), 'jxl')).toBeNull();
  });

  it(`refuses boxes nested deeper than ${MAX_ISO_DEPTH} levels (a nested depth bomb)`, () => {
    let inner = box('free');
    for (let i = 0; i < 1000; i += 1) inner = box('meta', full(), inner);
    expect(isoStructureProblem(concatBytes([ftyp, inner]))).toBe(`its boxes nest deeper than ${MAX_ISO_DEPTH} levels`);
  });

  it('handles box sizes 0 (to the end), 1 (64-bit) and impossible or overflowing ones', () => {
    const toEnd = concatBytes([ftyp, Uint8Array.of(0, 0, 0, 0), asciiBytes('mdat'), new Uint8Array(20)]);
    expect(isoStructureProblem(toEnd)).toBeNull();
    const large = concatBytes([ftyp, u32(1), asciiBytes('mdat'), u32(0), u32(16 + 4), new Uint8Array(4)]);
    expect(isoStructureProblem(large)).toBeNull();
    const huge64 = concatBytes([ftyp, u32(1), asciiBytes('mdat'), u32(0xffffffff), u32(0xffffffff), new Uint8Array(4)]);
    expect(isoStructureProblem(huge64)).toMatch(/cut short: the "mdat" box at byte \d+ needs \d+ bytes/);
    expect(isoStructureProblem(concatBytes([ftyp, u32(4), asciiBytes('free')]))).toMatch(/"free" box at byte 20 declares an impossible size \(4 bytes\)/);
    const overflow = concatBytes([ftyp, box('meta', full(), u32(4000), asciiBytes('iprp'))]);
    expect(isoStructureProblem(overflow)).toMatch(/"iprp" box at byte \d+ runs past the end of the "meta" box/);
  });

  it(`refuses more than ${MAX_ISO_BOXES} boxes`, () => {
    const free = box('free');
    expect(isoStructureProblem(concatBytes([ftyp, ...Array.from({ length: MAX_ISO_BOXES }, () => free)]))).toBe(`it has more than ${MAX_ISO_BOXES} boxes`);
  });

  it('refuses an iloc whose items declare millions of extents, and the metadata reader stays bounded on it', () => {
    // 1000 items of 65 535 zero-size extents each, in a box of a few KB.
    const items = Array.from({ length: 1000 }, (_, i) => concatBytes([u16(i + 1), u16(0), u16(0xffff)]));
    const iloc = box('iloc', full(0), Uint8Array.of(0x00, 0x00), u16(1000), ...items);
    const file = concatBytes([ftyp, box('meta', full(), box('hdlr', full(), new Uint8Array(20)), iloc)]);
    expect(isoStructureProblem(file)).toBe(`its item locations (iloc) list more than ${MAX_HEIF_EXTENTS} extents`);
    expect(extractHeifExif(file)).toBeUndefined();
  });

  it('refuses derived images (grids) whose references loop', () => {
    const dimg = (from: number, to: number) => box('dimg', u16(from), u16(1), u16(to));
    const iref = box('iref', full(0), dimg(1, 2), dimg(2, 1));
    expect(isoStructureProblem(concatBytes([ftyp, box('meta', full(), iref)]))).toMatch(/derived-image references loop back on themselves/);
    const chain = box('iref', full(0), dimg(1, 2), dimg(2, 3));
    expect(isoStructureProblem(concatBytes([ftyp, box('meta', full(), chain)]))).toBeNull();
  });
});
