/**
 * Hand-made TIFF files (little-endian), for the variants sharp does not write
 * (CMYK with exact values, palette, several pages) and for hostile structures
 * (directory loops, huge counts). Every directory is laid out by this builder;
 * a test can then patch pointers to make loops.
 */

export interface TiffTagValue {
  readonly tag: number;
  /** 3 SHORT, 4 LONG, 1 BYTE, 7 UNDEFINED. */
  readonly type: 1 | 3 | 4 | 7;
  readonly values: readonly number[];
}

export interface TiffPage {
  readonly tags: readonly TiffTagValue[];
  /** The page's strips (already compressed as its Compression tag says). */
  readonly strips: readonly Uint8Array[];
  /** Sub-directories (SubIFDs, tag 330), each a list of tags (no strips). */
  readonly subIfds?: ReadonlyArray<readonly TiffTagValue[]>;
}

const SIZES = { 1: 1, 3: 2, 4: 4, 7: 1 } as const;

class Writer {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
  u8(v: number): void { this.ensure(1); this.bytes[this.length++] = v & 0xff; }
  u16(v: number): void { this.u8(v); this.u8(v >> 8); }
  u32(v: number): void { this.u16(v & 0xffff); this.u16(v >>> 16); }
  raw(b: Uint8Array): void { this.ensure(b.length); this.bytes.set(b, this.length); this.length += b.length; }
  align(): void { if (this.length & 1) this.u8(0); }
  patch32(at: number, v: number): void { this.bytes[at] = v & 0xff; this.bytes[at + 1] = (v >> 8) & 0xff; this.bytes[at + 2] = (v >> 16) & 0xff; this.bytes[at + 3] = (v >>> 24) & 0xff; }
}

export interface BuiltTiff {
  readonly bytes: Uint8Array;
  /** Offset of each page's directory. */
  readonly ifdOffsets: number[];
  /** Offset of each page's "next directory" pointer. */
  readonly nextPointers: number[];
}

function writeDirectory(w: Writer, tags: readonly TiffTagValue[]): { at: number; next: number } {
  w.align();
  const sorted = [...tags].sort((a, b) => a.tag - b.tag);
  const at = w.length;
  w.u16(sorted.length);
  const pending: Array<{ pointer: number; data: Uint8Array }> = [];
  for (const t of sorted) {
    w.u16(t.tag);
    w.u16(t.type);
    w.u32(t.values.length);
    const size = SIZES[t.type] * t.values.length;
    const data = new Uint8Array(size);
    t.values.forEach((v, i) => {
      for (let k = 0; k < SIZES[t.type]; k += 1) data[i * SIZES[t.type] + k] = (v >>> (8 * k)) & 0xff;
    });
    if (size <= 4) {
      const cell = new Uint8Array(4);
      cell.set(data);
      w.raw(cell);
    } else {
      pending.push({ pointer: w.length, data });
      w.u32(0);
    }
  }
  const next = w.length;
  w.u32(0);
  for (const p of pending) {
    w.align();
    w.patch32(p.pointer, w.length);
    w.raw(p.data);
  }
  return { at, next };
}

/** A little-endian TIFF with the pages in order; strip offsets/byte counts are filled in. */
export function buildTiff(pages: readonly TiffPage[]): BuiltTiff {
  const w = new Writer();
  w.raw(Uint8Array.from([0x49, 0x49, 0x2a, 0x00]));
  w.u32(0);
  let previousNext = 4;
  const ifdOffsets: number[] = [];
  const nextPointers: number[] = [];
  for (const page of pages) {
    const stripOffsets: number[] = [];
    for (const strip of page.strips) {
      w.align();
      stripOffsets.push(w.length);
      w.raw(strip);
    }
    const subOffsets = (page.subIfds ?? []).map((tags) => writeDirectory(w, tags).at);
    const tags: TiffTagValue[] = [
      ...page.tags,
      { tag: 273, type: 4, values: stripOffsets },
      { tag: 279, type: 4, values: page.strips.map((s) => s.length) },
      ...(subOffsets.length ? [{ tag: 330, type: 4 as const, values: subOffsets }] : []),
    ];
    const { at, next } = writeDirectory(w, tags);
    w.patch32(previousNext, at);
    previousNext = next;
    ifdOffsets.push(at);
    nextPointers.push(next);
  }
  return { bytes: w.bytes.slice(0, w.length), ifdOffsets, nextPointers };
}

export const u32le = (b: Uint8Array, at: number, v: number): void => {
  b[at] = v & 0xff; b[at + 1] = (v >> 8) & 0xff; b[at + 2] = (v >> 16) & 0xff; b[at + 3] = (v >>> 24) & 0xff;
};

/** The usual tags of an uncompressed single-strip image. */
export function imageTags(width: number, height: number, options: { photometric: number; samples: number; bits: number; compression?: number; extra?: TiffTagValue[] }): TiffTagValue[] {
  return [
    { tag: 256, type: 4, values: [width] },
    { tag: 257, type: 4, values: [height] },
    { tag: 258, type: 3, values: new Array<number>(options.samples).fill(options.bits) },
    { tag: 259, type: 3, values: [options.compression ?? 1] },
    { tag: 262, type: 3, values: [options.photometric] },
    { tag: 277, type: 3, values: [options.samples] },
    { tag: 278, type: 4, values: [height] },
    ...(options.extra ?? []),
  ];
}

/** A 4 × 2 CMYK TIFF: top row cyan, magenta, yellow, black; bottom row white, red (M+Y), green (C+Y), blue (C+M). */
export function cmykTiff(): Uint8Array {
  const pixels = [
    [255, 0, 0, 0], [0, 255, 0, 0], [0, 0, 255, 0], [0, 0, 0, 255],
    [0, 0, 0, 0], [0, 255, 255, 0], [255, 0, 255, 0], [255, 255, 0, 0],
  ];
  return buildTiff([{ tags: imageTags(4, 2, { photometric: 5, samples: 4, bits: 8 }), strips: [Uint8Array.from(pixels.flat())] }]).bytes;
}

/** RGB of the CMYK picture above, as a plain complement conversion gives it. */
export const CMYK_TIFF_RGB = [
  [0, 255, 255], [255, 0, 255], [255, 255, 0], [0, 0, 0],
  [255, 255, 255], [255, 0, 0], [0, 255, 0], [0, 0, 255],
];

/** An 8-bit RGB page of one colour, uncompressed. */
export function solidRgbPage(width: number, height: number, rgb: readonly number[]): TiffPage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i += 1) data.set(rgb, i * 3);
  return { tags: imageTags(width, height, { photometric: 2, samples: 3, bits: 8 }), strips: [data] };
}

/** A TIFF whose only directory's "next" pointer points back at itself (the file that killed the tab). */
export function selfLoopTiff(): Uint8Array {
  const built = buildTiff([solidRgbPage(8, 8, [200, 30, 30])]);
  u32le(built.bytes, built.nextPointers[0] ?? 0, built.ifdOffsets[0] ?? 0);
  return built.bytes;
}
