import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import { buildTiff, imageTags, selfLoopTiff, solidRgbPage, u32le, type TiffTagValue } from '../../tests/support/tiff-builder.ts';
import { ImageError } from '../core/types.ts';
import { MAX_TIFF_ENTRIES_PER_IFD, MAX_TIFF_IFDS, MAX_TIFF_STRIPS } from './parse-limits.ts';
import { firstPageOnly, walkTiff } from './tiff-structure.ts';

const refusal = (bytes: Uint8Array, options = { image: true }): string => {
  try {
    walkTiff(bytes, 'tiff', options);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageError);
    return (error as Error).message;
  }
  throw new Error('the walk accepted it');
};

/** Finds an entry's offset in a directory of a built file. */
function entryOffset(b: Uint8Array, ifd: number, tag: number): number {
  const count = (b[ifd] ?? 0) | ((b[ifd + 1] ?? 0) << 8);
  for (let i = 0; i < count; i += 1) {
    const at = ifd + 2 + i * 12;
    if (((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)) === tag) return at;
  }
  throw new Error(`no tag ${tag}`);
}

describe('walkTiff', () => {
  it('walks a good multi-page file and keeps the first page only for the decoder', () => {
    const built = buildTiff([solidRgbPage(4, 4, [1, 2, 3]), solidRgbPage(8, 8, [4, 5, 6])]);
    const structure = walkTiff(built.bytes, 'tiff', { image: true });
    expect([structure.pageCount, structure.value(structure.first, 256)]).toEqual([2, 4]);
    const single = walkTiff(firstPageOnly(built.bytes, structure));
    expect(single.pageCount).toBe(1);
  });

  it('refuses a directory whose next pointer points at itself (IFD self-loop)', () => {
    expect(refusal(selfLoopTiff())).toMatch(/directory chain loops back on itself/);
  });

  it('refuses a 2-cycle between pages', () => {
    const built = buildTiff([solidRgbPage(4, 4, [1, 2, 3]), solidRgbPage(4, 4, [4, 5, 6])]);
    u32le(built.bytes, built.nextPointers[1] ?? 0, built.ifdOffsets[0] ?? 0);
    expect(refusal(built.bytes)).toMatch(/loops back on itself \(directory 3 of the page chain/);
  });

  it('refuses a SubIFD that points back at its parent, and an EXIF IFD pointing at IFD0', () => {
    const tags: TiffTagValue[] = [{ tag: 256, type: 4, values: [1] }];
    const built = buildTiff([{ ...solidRgbPage(4, 4, [1, 2, 3]), subIfds: [tags] }]);
    const sub = entryOffset(built.bytes, built.ifdOffsets[0] ?? 0, 330);
    u32le(built.bytes, sub + 8, built.ifdOffsets[0] ?? 0);
    expect(refusal(built.bytes)).toMatch(/loops back on itself \(sub-directory 1 of first directory/);

    const page = solidRgbPage(4, 4, [1, 2, 3]);
    const exif = buildTiff([{ ...page, tags: [...page.tags, { tag: 34665, type: 4, values: [8] }] }]);
    // The EXIF pointer is patched to IFD0's own offset.
    u32le(exif.bytes, entryOffset(exif.bytes, exif.ifdOffsets[0] ?? 0, 34665) + 8, exif.ifdOffsets[0] ?? 0);
    expect(refusal(exif.bytes, { image: false })).toMatch(/EXIF directory of first directory .* already read/);
  });

  it(`refuses more than ${MAX_TIFF_IFDS} directories`, () => {
    const pages = Array.from({ length: MAX_TIFF_IFDS + 1 }, () => ({ tags: [{ tag: 256, type: 4 as const, values: [1] }], strips: [] }));
    expect(refusal(buildTiff(pages).bytes, { image: false })).toMatch(new RegExp(`more than ${MAX_TIFF_IFDS} directories`));
  });

  it('refuses a directory of 65 535 entries, and one whose entries run past the file', () => {
    const b = new Uint8Array(8 + 2 + 65535 * 12 + 4);
    b.set([0x49, 0x49, 0x2a, 0], 0);
    u32le(b, 4, 8);
    b[8] = 0xff;
    b[9] = 0xff;
    expect(refusal(b)).toMatch(new RegExp(`declares 65535 entries, more than the ${MAX_TIFF_ENTRIES_PER_IFD} allowed`));
    expect(refusal(b.subarray(0, 2000))).toMatch(/declares 65535 entries/);
    const short = new Uint8Array(b.subarray(0, 2000));
    short[9] = 0x01; // 511 entries, 6 KB, in a 2 KB file
    expect(refusal(short)).toMatch(/cut short \(511 entries do not fit/);
  });

  it('refuses huge strip counts and strips outside the file or overlapping', () => {
    // 2 million strip offsets of 1-row strips in a 2-million-row image: the offsets array alone is 8 MB.
    const rows = MAX_TIFF_STRIPS * 2;
    const offsets = new Array<number>(rows).fill(8);
    const counts = new Array<number>(rows).fill(0);
    const page = { tags: [...imageTags(1, rows, { photometric: 1, samples: 1, bits: 8 }).filter((t) => t.tag !== 278), { tag: 278, type: 4 as const, values: [1] }, { tag: 273, type: 4 as const, values: offsets }, { tag: 279, type: 4 as const, values: counts }], strips: [] };
    // buildTiff adds its own (empty) 273/279 after ours; the first of each tag is what counts.
    expect(refusal(buildTiff([page]).bytes)).toMatch(new RegExp(`lists ${rows} strips, more than the ${MAX_TIFF_STRIPS} allowed`));

    const overlap = buildTiff([{ tags: [...imageTags(64, 64, { photometric: 1, samples: 1, bits: 8 }).filter((t) => t.tag !== 278), { tag: 278, type: 4, values: [1] }], strips: Array.from({ length: 64 }, () => new Uint8Array(64)) }]);
    const ifd = overlap.ifdOffsets[0] ?? 0;
    const countsAt = (() => { const e = entryOffset(overlap.bytes, ifd, 279); return (overlap.bytes[e + 8] ?? 0) | ((overlap.bytes[e + 9] ?? 0) << 8) | ((overlap.bytes[e + 10] ?? 0) << 16); })();
    const offsetsAt = (() => { const e = entryOffset(overlap.bytes, ifd, 273); return (overlap.bytes[e + 8] ?? 0) | ((overlap.bytes[e + 9] ?? 0) << 8) | ((overlap.bytes[e + 10] ?? 0) << 16); })();
    // Every strip reads the whole file from byte 8.
    for (let i = 0; i < 64; i += 1) {
      u32le(overlap.bytes, offsetsAt + i * 4, 8);
      u32le(overlap.bytes, countsAt + i * 4, overlap.bytes.length - 8);
    }
    expect(refusal(overlap.bytes)).toMatch(/strips add up to \d+ bytes, more than the whole file .*overlap/);
  });

  it('refuses compressed strips too small for the image they declare (a 200-byte LZW "bomb" of 100 megapixels)', () => {
    const page = { tags: imageTags(10_000, 10_000, { photometric: 2, samples: 3, bits: 8, compression: 5 }), strips: [new Uint8Array(200)] };
    expect(refusal(buildTiff([page]).bytes)).toMatch(/its 200 bytes of compressed data cannot hold a 10000 × 10000 image \(that would be a ratio above 4096:1\)/);
  });

  it('refuses a value that points past the end of the file', () => {
    const built = buildTiff([solidRgbPage(4, 4, [1, 2, 3])]);
    u32le(built.bytes, entryOffset(built.bytes, built.ifdOffsets[0] ?? 0, 258) + 8, 0x7ffffff0);
    expect(refusal(built.bytes)).toMatch(/tag 258 in first directory \(IFD0\) points past the end of the file/);
  });

  it('in an EXIF block, skips stray offsets (cameras write them) but still refuses loops', () => {
    const built = buildTiff([solidRgbPage(4, 4, [1, 2, 3])]);
    u32le(built.bytes, entryOffset(built.bytes, built.ifdOffsets[0] ?? 0, 258) + 8, 0x7ffffff0);
    u32le(built.bytes, built.nextPointers[0] ?? 0, 0x7ffffff0);
    expect(walkTiff(built.bytes, 'jpeg').pageCount).toBe(1);
    expect(() => walkTiff(selfLoopTiff(), 'jpeg')).toThrow('This JPEG file is damaged or incomplete: its EXIF block’s directory chain loops back on itself');
  });

  it('is what keeps exifr safe: exifr itself reads the hostile blocks above without looping', async () => {
    // exifr follows no page chain (IFD0, its next IFD1, and the EXIF/GPS/Interop pointers once each).
    // (A loop here would never return and the test would hang rather than pass.)
    const tags = (await exifr.parse(selfLoopTiff(), { tiff: true, ifd1: true, exif: true, gps: true, interop: true, mergeOutput: false })) as Record<string, unknown> | undefined;
    expect(tags).toBeDefined();
  });
});
