/**
 * "Remove location only": the GPS directory of an EXIF block, and location
 * fields in XMP and IPTC, found and removed without touching anything else.
 *
 * Why a small writer of our own rather than a library: exifr (already used to
 * read) cannot write, and piexifjs (the only common JS EXIF writer) is
 * unmaintained since 2019, works on binary strings and rebuilds the whole
 * block, which moves every offset and breaks maker notes that point into it.
 * Here nothing moves: the GPS pointer is taken out of its directory (the
 * entries after it shift by 12 bytes inside the same directory) and the GPS
 * directory and its values are overwritten with zeros, so the block keeps its
 * length and every other offset stays valid. The structure is first walked by
 * the bounded walkTiff (loops, counts and sizes refused), as everywhere else.
 */
import { u16be, u16le, u32be, u32le, writeU16be, writeU32be, writeU32le } from './bytes.ts';
import type { InputFormat } from '../core/types.ts';
import { MAX_TIFF_ENTRIES_PER_IFD } from './parse-limits.ts';
import { walkTiff } from './tiff-structure.ts';

const GPS_IFD_TAG = 0x8825;
const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

export interface GpsRemoval {
  /** A copy of the block without GPS (same length), or the input unchanged when it had none. */
  readonly exif: Uint8Array;
  readonly removed: boolean;
}

/**
 * Removes the GPS directory from IFD0 and IFD1 of a TIFF-structured EXIF block. Throws the walk's
 * corruptError when the block's structure is broken (the caller then refuses or strips everything).
 */
export function removeExifGps(tiff: Uint8Array, format: InputFormat): GpsRemoval {
  walkTiff(tiff, format);
  const little = tiff[0] === 0x49;
  const r16 = (at: number) => (little ? u16le(tiff, at) : u16be(tiff, at));
  const r32 = (at: number) => (little ? u32le(tiff, at) : u32be(tiff, at));
  const out = new Uint8Array(tiff);
  const w16 = (at: number, v: number) => (little ? out.set([v & 0xff, (v >> 8) & 0xff], at) : writeU16be(out, at, v));
  const w32 = (at: number, v: number) => (little ? writeU32le(out, at, v) : writeU32be(out, at, v));
  const inside = (at: number, length: number) => at >= 8 && at + length <= tiff.length;
  let removed = false;

  const zeroDirectory = (offset: number) => {
    if (!inside(offset, 2)) return;
    const count = Math.min(r16(offset), MAX_TIFF_ENTRIES_PER_IFD);
    for (let i = 0; i < count; i += 1) {
      const entry = offset + 2 + i * 12;
      if (!inside(entry, 12)) break;
      const bytes = (TYPE_SIZES[r16(entry + 2)] ?? 0) * r32(entry + 4);
      const valueAt = r32(entry + 8);
      if (bytes > 4 && inside(valueAt, bytes)) out.fill(0, valueAt, valueAt + bytes);
    }
    out.fill(0, offset, Math.min(tiff.length, offset + 2 + count * 12 + 4));
  };

  // IFD0, then IFD1 (the thumbnail's directory, which some writers give a GPS pointer too).
  let ifd = r32(4);
  for (let page = 0; page < 2 && inside(ifd, 2); page += 1) {
    const count = r16(ifd);
    const end = ifd + 2 + count * 12;
    if (!inside(ifd, 2 + count * 12)) break;
    const next = inside(end, 4) ? r32(end) : 0;
    for (let i = 0; i < count; i += 1) {
      const entry = ifd + 2 + i * 12;
      if (r16(entry) !== GPS_IFD_TAG) continue;
      zeroDirectory(r32(entry + 8));
      // Shift the later entries (and the next-directory pointer) over the GPS entry; zero the freed 12 bytes.
      out.copyWithin(entry, entry + 12, Math.min(tiff.length, end + 4));
      const newEnd = end - 12;
      w16(ifd, count - 1);
      if (inside(newEnd, 4)) w32(newEnd, next);
      out.fill(0, newEnd + 4, Math.min(tiff.length, end + 4));
      removed = true;
      break;
    }
    ifd = next;
  }
  return removed ? { exif: out, removed } : { exif: tiff, removed };
}

/** XMP properties that say where a picture was taken (EXIF GPS mirrored in XMP, IPTC location fields). */
const XMP_LOCATION = /exif:GPS|exifEX:GPS|photoshop:(City|State|Country)\b|Iptc4xmpCore:(Location|CountryCode)\b|Iptc4xmpExt:Location(Shown|Created)\b/;

export function xmpHasLocation(xmp: Uint8Array): boolean {
  return XMP_LOCATION.test(new TextDecoder('utf-8', { fatal: false }).decode(xmp));
}

/**
 * IPTC-IIM records that name a place (2:26 location code, 2:27 location name, 2:90 city, 2:92 sub-location,
 * 2:95 province/state, 2:100 country code, 2:101 country). A byte search for their record markers, so it
 * may also answer true on data that only looks like one: then the whole IPTC block goes, never a location.
 */
export function iptcHasLocation(block: Uint8Array): boolean {
  const datasets = new Set([26, 27, 90, 92, 95, 100, 101]);
  for (let at = 0; at + 2 < block.length; at += 1) {
    if (block[at] === 0x1c && block[at + 1] === 0x02 && datasets.has(block[at + 2] ?? -1)) return true;
  }
  return false;
}
