/**
 * A bounded walk over a TIFF structure (a TIFF file, or an EXIF block, which is
 * TIFF-structured): every directory of the page chain and every sub-directory
 * (SubIFDs, EXIF, GPS, Interop), each visited once. Loops, directories or
 * values outside the data, too many directories or entries, and strips that do
 * not fit the file are refused with a specific reason before any decoder
 * (utif2, exifr) walks the same bytes.
 */
import type { InputFormat } from '../core/types.ts';
import { u16be, u16le, u32be, u32le } from './bytes.ts';
import { corruptError } from './image-errors.ts';
import { MAX_TIFF_BITS_PER_PIXEL, MAX_TIFF_COMPRESSION_RATIO, MAX_TIFF_ENTRIES_PER_IFD, MAX_TIFF_IFD_DEPTH, MAX_TIFF_IFDS, MAX_TIFF_STRIPS } from './parse-limits.ts';

/** Bytes per value of each TIFF field type (0: a type this walk does not know, whose values are never read). */
const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

/** Tags whose values are offsets of further directories (the ones utif2 and exifr follow). */
export const SUB_IFD_TAGS: readonly number[] = [330, 34665, 34853, 40965];

export const TAG = {
  width: 256, height: 257, bitsPerSample: 258, compression: 259, photometric: 262, stripOffsets: 273, samplesPerPixel: 277,
  rowsPerStrip: 278, stripByteCounts: 279, planarConfiguration: 284, predictor: 317, tileWidth: 322, tileLength: 323,
  tileOffsets: 324, tileByteCounts: 325, sampleFormat: 339, extraSamples: 338,
} as const;

export interface TiffEntry {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  /** Where the value bytes are (inside the entry when they fit in 4 bytes). */
  readonly valueAt: number;
  /** Where the entry itself is. */
  readonly entryAt: number;
}

export interface TiffDirectory {
  readonly offset: number;
  /** The first entry of each tag. */
  readonly entries: ReadonlyMap<number, TiffEntry>;
  /** Every entry in file order, duplicates included. */
  readonly all: readonly TiffEntry[];
  /** Offset of the 4-byte "next directory" pointer, or -1 when the data ends before it. */
  readonly nextPointerAt: number;
}

export interface TiffStructure {
  readonly little: boolean;
  /** IFD0: the first page. */
  readonly first: TiffDirectory;
  /** Directories visited: pages and sub-directories. */
  readonly directoryCount: number;
  readonly pageCount: number;
  /** The values of an entry as numbers (SHORT, LONG, BYTE and the like; a rational counts as its numerator). */
  values(entry: TiffEntry | undefined): number[];
  value(directory: TiffDirectory, tag: number): number | undefined;
}

export interface WalkOptions {
  /**
   * Validate IFD0 as an image to decode: its size, samples and strips or tiles, and every one of its values inside
   * the file (the decoder reads them all). Elsewhere, and for EXIF blocks, where cameras often leave a stray offset,
   * a value, sub-directory or next page outside the data is skipped (exifr skips it too); loops and the count
   * limits always refuse.
   */
  readonly image?: boolean;
}

/**
 * Walks the whole structure and returns IFD0, or throws `corruptError(format, reason)`.
 * `format` is the file's format, so an EXIF block inside a JPEG is reported as that JPEG's problem.
 */
export function walkTiff(b: Uint8Array, format: InputFormat = 'tiff', options: WalkOptions = {}): TiffStructure {
  const fail = (reason: string) => corruptError(format, reason);
  const what = format === 'tiff' ? 'its' : 'its EXIF block’s';
  if (b.length < 8) throw fail(`${what} TIFF header is cut short`);
  const little = b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0;
  const big = b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a;
  if (!little && !big) throw fail(`${what} TIFF header is not "II*" or "MM*"`);
  const r16 = (at: number) => (little ? u16le(b, at) : u16be(b, at));
  const r32 = (at: number) => (little ? u32le(b, at) : u32be(b, at));

  const strict = options.image === true;
  const visited = new Set<number>();
  let directoryCount = 0;

  // Only IFD0 is read by the decoder (firstPageOnly hides the rest), so only its values must all be inside the file.
  const readDirectory = (offset: number, path: string, strictValues = false): TiffDirectory => {
    if (offset < 8 || offset + 2 > b.length) throw fail(`${what} ${path} lies outside the file (offset ${offset}, ${b.length} bytes)`);
    if (visited.has(offset)) throw fail(`${what} directory chain loops back on itself (${path} at byte ${offset} was already read)`);
    visited.add(offset);
    directoryCount += 1;
    if (directoryCount > MAX_TIFF_IFDS) throw fail(`${what} TIFF structure has more than ${MAX_TIFF_IFDS} directories`);
    const count = r16(offset);
    if (count > MAX_TIFF_ENTRIES_PER_IFD) throw fail(`${what} ${path} declares ${count} entries, more than the ${MAX_TIFF_ENTRIES_PER_IFD} allowed`);
    if (offset + 2 + count * 12 > b.length) throw fail(`${what} ${path} is cut short (${count} entries do not fit in the file)`);
    const entries = new Map<number, TiffEntry>();
    const all: TiffEntry[] = [];
    for (let i = 0; i < count; i += 1) {
      const entryAt = offset + 2 + i * 12;
      const tag = r16(entryAt);
      const type = r16(entryAt + 2);
      const valueCount = r32(entryAt + 4);
      const size = TYPE_SIZES[type] ?? 0;
      const bytes = size * valueCount;
      const valueAt = bytes <= 4 ? entryAt + 8 : r32(entryAt + 8);
      if (size > 0 && valueAt + bytes > b.length) {
        if (!strictValues) continue;
        throw fail(`${what} tag ${tag} in ${path} points past the end of the file (${bytes} bytes at offset ${valueAt})`);
      }
      const entry = { tag, type, count: size > 0 ? valueCount : 0, valueAt, entryAt };
      all.push(entry);
      if (!entries.has(tag)) entries.set(tag, entry);
    }
    const nextPointerAt = offset + 2 + count * 12 + 4 <= b.length ? offset + 2 + count * 12 : -1;
    return { offset, entries, all, nextPointerAt };
  };

  const values = (entry: TiffEntry | undefined): number[] => {
    if (!entry) return [];
    const size = TYPE_SIZES[entry.type] ?? 0;
    const out = new Array<number>(entry.count);
    for (let i = 0; i < entry.count; i += 1) {
      const at = entry.valueAt + i * size;
      out[i] = size === 1 ? (b[at] ?? 0) : size === 2 ? r16(at) : r32(at);
    }
    return out;
  };
  const value = (directory: TiffDirectory, tag: number): number | undefined => {
    const entry = directory.entries.get(tag);
    return entry && entry.count > 0 ? values({ ...entry, count: 1 })[0] : undefined;
  };

  const walkChildren = (directory: TiffDirectory, depth: number, path: string): void => {
    for (const tag of SUB_IFD_TAGS) {
      const entry = directory.entries.get(tag);
      if (!entry || ![4, 13].includes(entry.type)) continue;
      if (depth + 1 > MAX_TIFF_IFD_DEPTH) throw fail(`${what} sub-directories nest deeper than ${MAX_TIFF_IFD_DEPTH} levels`);
      values(entry).forEach((offset, i) => {
        if (offset < 8 || offset + 2 > b.length) return; // not read by anyone: a stray pointer is skipped
        const childPath = `${tag === 330 ? `sub-directory ${i + 1}` : tag === 34665 ? 'EXIF directory' : tag === 34853 ? 'GPS directory' : 'Interop directory'} of ${path}`;
        walkChildren(readDirectory(offset, childPath), depth + 1, childPath);
      });
    }
  };

  let first: TiffDirectory | undefined;
  let pageCount = 0;
  let offset = r32(4);
  while (offset !== 0) {
    if (first && (offset < 8 || offset + 2 > b.length)) break; // a stray "next" pointer ends the chain (no one reads past it)
    const path = pageCount === 0 ? 'first directory (IFD0)' : `directory ${pageCount + 1} of the page chain`;
    const directory = readDirectory(offset, path, strict && !first);
    first ??= directory;
    pageCount += 1;
    walkChildren(directory, 0, path);
    offset = directory.nextPointerAt < 0 ? 0 : r32(directory.nextPointerAt);
  }
  if (!first) throw fail(`${what} TIFF structure has no directory`);
  const structure: TiffStructure = { little, first, directoryCount, pageCount, values, value };
  if (options.image) checkImageDirectory(structure, b.length, fail);
  return structure;
}

/** IFD0 as an image: a size, sane samples, and strips or tiles that lie inside the file and do not overlap in bulk. */
function checkImageDirectory(s: TiffStructure, fileLength: number, fail: (reason: string) => Error): void {
  const d = s.first;
  const width = s.value(d, TAG.width) ?? 0;
  const height = s.value(d, TAG.height) ?? 0;
  if (!width || !height) throw fail('its first directory has no image width and height');
  const samples = s.value(d, TAG.samplesPerPixel) ?? 1;
  const bits = s.values(d.entries.get(TAG.bitsPerSample));
  const bitsPerPixel = bits.length > 0 ? bits.slice(0, samples).reduce((sum, v) => sum + v, 0) * (bits.length === 1 && samples > 1 ? samples : 1) : samples;
  if (samples < 1 || bitsPerPixel < 1 || bitsPerPixel > MAX_TIFF_BITS_PER_PIXEL) throw fail(`it declares ${samples} samples of ${bits.join('/') || 1} bits per pixel`);
  const tiled = d.entries.has(TAG.tileWidth);
  const offsets = s.values(d.entries.get(tiled ? TAG.tileOffsets : TAG.stripOffsets));
  const counts = s.values(d.entries.get(tiled ? TAG.tileByteCounts : TAG.stripByteCounts));
  const unit = tiled ? 'tile' : 'strip';
  if (offsets.length === 0) throw fail(`its first directory has no ${unit} offsets (no image data)`);
  if (offsets.length > MAX_TIFF_STRIPS) throw fail(`it lists ${offsets.length} ${unit}s, more than the ${MAX_TIFF_STRIPS} allowed`);
  const planes = s.value(d, TAG.planarConfiguration) === 2 ? samples : 1;
  let needed: number;
  if (tiled) {
    const tileWidth = s.value(d, TAG.tileWidth) ?? 0;
    const tileLength = s.value(d, TAG.tileLength) ?? 0;
    if (!tileWidth || !tileLength) throw fail('its tile size is zero');
    needed = Math.ceil(width / tileWidth) * Math.ceil(height / tileLength) * planes;
  } else {
    const rows = Math.min(s.value(d, TAG.rowsPerStrip) ?? height, height) || height;
    needed = Math.ceil(height / rows) * planes;
  }
  if (offsets.length > needed) throw fail(`it lists ${offsets.length} ${unit}s where a ${width} × ${height} image needs ${needed}`);
  // One uncompressed strip may omit its byte count (utif2 computes it); otherwise each offset has one.
  if (counts.length !== offsets.length && !(counts.length === 0 && offsets.length === 1)) throw fail(`it lists ${offsets.length} ${unit} offsets but ${counts.length} byte counts`);
  let total = 0;
  for (let i = 0; i < counts.length; i += 1) {
    const start = offsets[i] ?? 0;
    const length = counts[i] ?? 0;
    if (start + length > fileLength) throw fail(`it is cut short: ${unit} ${i + 1} ends at byte ${start + length}, the file has ${fileLength}`);
    total += length;
  }
  // Strips are disjoint parts of the file: together they cannot be larger than it (no strip read a million times).
  if (total > fileLength) throw fail(`its ${unit}s add up to ${total} bytes, more than the whole file (${fileLength}); they overlap`);
  // And together they must be able to hold the image: a few bytes cannot inflate to 120 megapixels.
  const compression = s.value(d, 259) ?? 1;
  const ratio = MAX_TIFF_COMPRESSION_RATIO[compression];
  const imageBytes = Math.ceil((width * bitsPerPixel) / 8) * height;
  if (ratio && counts.length > 0 && imageBytes > ratio * total + 1024 * counts.length) {
    throw fail(`its ${total} bytes of compressed data cannot hold a ${width} × ${height} image (that would be a ratio above ${ratio}:1)`);
  }
}

/**
 * A copy holding only the first page for a decoder that would otherwise walk every directory:
 * IFD0's "next" pointer is zeroed and its sub-directory tags are renamed to an unused private tag,
 * so the decoder reads exactly one (already validated) directory.
 */
export function firstPageOnly(b: Uint8Array, s: TiffStructure): Uint8Array {
  const copy = new Uint8Array(b);
  const write16 = (at: number, value: number) => {
    copy[at] = s.little ? value & 0xff : value >> 8;
    copy[at + 1] = s.little ? value >> 8 : value & 0xff;
  };
  if (s.first.nextPointerAt >= 0) copy.fill(0, s.first.nextPointerAt, s.first.nextPointerAt + 4);
  for (const entry of s.first.all) {
    // MakerNote, DNG private data and Fuji's directory are followed by utif2 too.
    if ([...SUB_IFD_TAGS, 37500, 50740, 61440].includes(entry.tag)) write16(entry.entryAt, 65000);
  }
  return copy;
}
