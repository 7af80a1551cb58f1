/**
 * Byte-level building blocks for the fuzz generator: a seeded PRNG, CRC-32 and
 * Adler-32, PNG chunks, a small TIFF writer (so loops and lies can be placed
 * exactly), ISO BMFF boxes and deflate streams of zeros made without
 * allocating what they inflate to. Pure Node; no DOM.
 */
import { deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { crc32 as crc32Parts } from '../../src/lib/bytes.ts';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

export interface Rng {
  /** [0, 1) */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** CRC-32 of one buffer: the project's own (src/lib/bytes.ts), which takes parts. */
export const crc32 = (bytes: Uint8Array): number => crc32Parts([bytes]);

export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export const concat = (...parts: Uint8Array[]): Buffer => Buffer.concat(parts);
export const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
export const u32be = (value: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
};

/** One PNG chunk with its length and CRC; `length` overrides the stored length (a lie). */
export function pngChunk(type: string, data: Uint8Array, { length, badCrc = false }: { length?: number; badCrc?: boolean } = {}): Buffer {
  const typeBytes = ascii(type);
  const crc = crc32(concat(typeBytes, data));
  return concat(u32be(length ?? data.length), typeBytes, data, u32be(badCrc ? crc ^ 0xdeadbeef : crc));
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chunks of a PNG: [type, start of the chunk, data start, data end]. */
export function pngChunks(png: Uint8Array): Array<{ type: string; start: number; data: number; end: number }> {
  const chunks = [];
  let at = 8;
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  while (at + 12 <= view.length) {
    const length = view.readUInt32BE(at);
    const type = view.toString('latin1', at + 4, at + 8);
    chunks.push({ type, start: at, data: at + 8, end: at + 12 + length });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}

/** A PNG with `extra` chunks inserted right after IHDR. */
export function pngWithChunks(png: Uint8Array, extra: Uint8Array[]): Buffer {
  const ihdr = pngChunks(png)[0];
  if (!ihdr || ihdr.type !== 'IHDR') throw new Error('not a PNG');
  return concat(png.subarray(0, ihdr.end), ...extra, png.subarray(ihdr.end));
}

/** A zlib stream of `size` zero bytes (a multiple of 1 MiB), built from one compressed MiB repeated. */
export function zlibZeros(size: number): Buffer {
  const mib = 1 << 20;
  if (size % mib !== 0) throw new Error('zlibZeros: size must be a multiple of 1 MiB');
  // A full flush resets the dictionary, so the segment stands alone and can be repeated.
  const segment = deflateRawSync(Buffer.alloc(mib), { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH });
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < size / mib; i += 1) parts.push(segment);
  parts.push(Buffer.from([0x03, 0x00])); // an empty final block (fixed Huffman, end of block only)
  // Adler-32 of n zeros: a = 1, b = n mod 65521.
  parts.push(u32be((((size % 65521) << 16) | 1) >>> 0));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------- TIFF

export interface TiffEntry {
  readonly tag: number;
  /** 3 SHORT, 4 LONG, 2 ASCII, 5 RATIONAL, 13 IFD */
  readonly type: 3 | 4 | 13 | 2 | 5;
  readonly values: readonly number[];
}

const TYPE_SIZE: Record<number, number> = { 2: 1, 3: 2, 4: 4, 5: 8, 13: 4 };

/**
 * Writes IFDs at the given offsets inside `file` (which must be large enough);
 * values that do not fit in 4 bytes go to `overflowAt` onwards. Returns the end of the overflow area.
 */
function writeIfd(file: Buffer, at: number, entries: readonly TiffEntry[], next: number, overflowAt: number, le: boolean): number {
  const w16 = (v: number, o: number) => (le ? file.writeUInt16LE(v & 0xffff, o) : file.writeUInt16BE(v & 0xffff, o));
  const w32 = (v: number, o: number) => (le ? file.writeUInt32LE(v >>> 0, o) : file.writeUInt32BE(v >>> 0, o));
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  w16(sorted.length, at);
  let overflow = overflowAt;
  sorted.forEach((entry, i) => {
    const e = at + 2 + i * 12;
    w16(entry.tag, e);
    w16(entry.type, e + 2);
    const count = entry.type === 5 ? entry.values.length / 2 : entry.values.length;
    w32(count, e + 4);
    const size = (TYPE_SIZE[entry.type] ?? 4) * count;
    let target = e + 8;
    if (size > 4) {
      target = overflow;
      w32(overflow, e + 8);
      overflow += size + (size % 2);
    }
    entry.values.forEach((value, k) => {
      if (entry.type === 3) w16(value, target + k * 2);
      else if (entry.type === 2) file[target + k] = value;
      else w32(value, target + k * 4);
    });
  });
  w32(next, at + 2 + sorted.length * 12);
  return overflow;
}

export interface TiffPage {
  readonly entries: readonly TiffEntry[];
  /** Offset of the next IFD; 'next' = the following page, 'end' = 0, or a number (a lie or a loop). */
  readonly next: 'next' | 'end' | number;
}

/**
 * A TIFF: header, `data`, then each page's IFD (and its overflow values). Each page's entries may use
 * the placeholders DATA_OFFSET (replaced by the data's offset) and IFD_OFFSET(n) (the n-th IFD's offset).
 * Returns the file and the offsets of its IFDs.
 */
export function buildTiff(data: Uint8Array, pages: readonly TiffPage[], { le = true } = {}): { file: Buffer; ifdOffsets: number[] } {
  const dataAt = 8;
  const ifdOffsets: number[] = [];
  let at = dataAt + data.length + (data.length % 2);
  const sizes = pages.map((page) => {
    const overflow = page.entries.reduce((sum, e) => {
      const size = (TYPE_SIZE[e.type] ?? 4) * (e.type === 5 ? e.values.length / 2 : e.values.length);
      return sum + (size > 4 ? size + (size % 2) : 0);
    }, 0);
    return 2 + page.entries.length * 12 + 4 + overflow;
  });
  for (const size of sizes) {
    ifdOffsets.push(at);
    at += size + (size % 2);
  }
  const file = Buffer.alloc(at);
  file.write(le ? 'II' : 'MM', 0, 'latin1');
  if (le) {
    file.writeUInt16LE(42, 2);
    file.writeUInt32LE(ifdOffsets[0] ?? 0, 4);
  } else {
    file.writeUInt16BE(42, 2);
    file.writeUInt32BE(ifdOffsets[0] ?? 0, 4);
  }
  file.set(data, dataAt);
  pages.forEach((page, i) => {
    const resolve = (v: number) => (v === DATA_OFFSET ? dataAt : v <= IFD_OFFSET_BASE && v > IFD_OFFSET_BASE - 1000 ? (ifdOffsets[IFD_OFFSET_BASE - v] ?? 0) : v);
    const entries = page.entries.map((e) => ({ ...e, values: e.values.map(resolve) }));
    const next = page.next === 'next' ? (ifdOffsets[i + 1] ?? 0) : page.next === 'end' ? 0 : resolve(page.next);
    const ifdAt = ifdOffsets[i] as number;
    writeIfd(file, ifdAt, entries, next, ifdAt + 2 + entries.length * 12 + 4, le);
  });
  return { file, ifdOffsets };
}

/** Placeholders for buildTiff entry values. */
export const DATA_OFFSET = 0xfffffffe;
const IFD_OFFSET_BASE = 0xfffffff0;
export const IFD_OFFSET = (n: number): number => IFD_OFFSET_BASE - n;

/** The entries of an uncompressed 8-bit RGB (or grey) strip image whose data sits at DATA_OFFSET. */
export function rgbTiffEntries(width: number, height: number, { samples = 3, byteCount }: { samples?: 1 | 3 | 4; byteCount?: number } = {}): TiffEntry[] {
  return [
    { tag: 256, type: 4, values: [width] },
    { tag: 257, type: 4, values: [height] },
    { tag: 258, type: 3, values: Array.from({ length: samples }, () => 8) },
    { tag: 259, type: 3, values: [1] },
    { tag: 262, type: 3, values: [samples === 1 ? 1 : samples === 4 ? 5 : 2] },
    { tag: 273, type: 4, values: [DATA_OFFSET] },
    { tag: 277, type: 3, values: [samples] },
    { tag: 278, type: 4, values: [height] },
    { tag: 279, type: 4, values: [byteCount ?? width * height * samples] },
    { tag: 284, type: 3, values: [1] },
  ];
}

export const withEntry = (entries: readonly TiffEntry[], entry: TiffEntry): TiffEntry[] => [...entries.filter((e) => e.tag !== entry.tag), entry];

/** Reads a (classic) TIFF's first IFD: offset, entries with where each value field sits. */
export function tiffIfd0(file: Uint8Array): { le: boolean; at: number; entries: Array<{ tag: number; type: number; count: number; valueAt: number; value: number }>; nextAt: number } {
  const b = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const le = b[0] === 0x49;
  const r16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const r32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const at = r32(4);
  const n = r16(at);
  const entries = [];
  for (let i = 0; i < n; i += 1) {
    const e = at + 2 + i * 12;
    const type = r16(e + 2);
    const count = r32(e + 4);
    const size = (TYPE_SIZE[type] ?? 4) * count;
    const value = size <= 4 ? (type === 3 ? r16(e + 8) : r32(e + 8)) : r32(e + 8);
    entries.push({ tag: r16(e), type, count, valueAt: e + 8, value });
  }
  return { le, at, entries, nextAt: at + 2 + n * 12 };
}

/** Where a TIFF's first strip's data starts and how long it is. */
export function tiffFirstStrip(file: Uint8Array): { offset: number; length: number } {
  const { le, entries } = tiffIfd0(file);
  const b = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const read = (tag: number) => {
    const e = entries.find((x) => x.tag === tag);
    if (!e) return 0;
    if (e.count === 1) return e.value;
    return e.type === 3 ? (le ? b.readUInt16LE(e.value) : b.readUInt16BE(e.value)) : le ? b.readUInt32LE(e.value) : b.readUInt32BE(e.value);
  };
  const offsets = entries.find((x) => x.tag === 273) ? read(273) : read(324);
  const lengths = entries.find((x) => x.tag === 279) ? read(279) : read(325);
  return { offset: offsets, length: lengths };
}

/** Overwrites a 4-byte field in the TIFF's byte order. */
export function tiffWrite32(file: Buffer, at: number, value: number, le: boolean): void {
  if (le) file.writeUInt32LE(value >>> 0, at);
  else file.writeUInt32BE(value >>> 0, at);
}

// ---------------------------------------------------------------- ISO BMFF

/** A box: size (or an explicit size lie), type, payload. */
export function isoBox(type: string, payload: Uint8Array, size?: number): Buffer {
  return concat(u32be(size ?? payload.length + 8), ascii(type), payload);
}

/** Top-level boxes of an ISO BMFF file (size 0 and 64-bit sizes understood). */
export function isoTopBoxes(file: Uint8Array): Array<{ type: string; start: number; end: number; header: number }> {
  const b = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const boxes = [];
  let at = 0;
  while (at + 8 <= b.length) {
    let size = b.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      size = Number(b.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = b.length - at;
    if (size < header) break;
    boxes.push({ type: b.toString('latin1', at + 4, at + 8), start: at, end: at + size, header });
    at += size;
  }
  return boxes;
}

/** Finds the first occurrence of a 4-character box type anywhere in the file (cheap and good enough for patching). */
export function findBoxType(file: Uint8Array, type: string, from = 0): number {
  return Buffer.from(file.buffer, file.byteOffset, file.byteLength).indexOf(type, from, 'latin1') - 4;
}
