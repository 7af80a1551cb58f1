/**
 * EXIF blocks as TIFF-structured bytes (starting at "II*\0" / "MM\0*"), the
 * form JPEG APP1 (after "Exif\0\0"), PNG eXIf and WebP EXIF all carry.
 */
import { copyBytes, u16be, u16le, u32be, u32le } from './bytes.ts';

const ORIENTATION_TAG = 0x0112;

function reader(tiff: Uint8Array): { r16: (at: number) => number; r32: (at: number) => number; little: boolean } | null {
  if (tiff.length < 8) return null;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49 && tiff[2] === 0x2a && tiff[3] === 0;
  const big = tiff[0] === 0x4d && tiff[1] === 0x4d && tiff[2] === 0 && tiff[3] === 0x2a;
  if (!little && !big) return null;
  return { little, r16: (at) => (little ? u16le(tiff, at) : u16be(tiff, at)), r32: (at) => (little ? u32le(tiff, at) : u32be(tiff, at)) };
}

/** Byte offset of the Orientation value in IFD0, or -1. */
function orientationValueOffset(tiff: Uint8Array): number {
  const r = reader(tiff);
  if (!r) return -1;
  const ifd = r.r32(4);
  if (ifd + 2 > tiff.length) return -1;
  const count = r.r16(ifd);
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return -1;
    if (r.r16(entry) === ORIENTATION_TAG && r.r16(entry + 2) === 3) return entry + 8;
  }
  return -1;
}

export function isTiffHeader(bytes: Uint8Array): boolean {
  return reader(bytes) !== null;
}

export function readExifOrientation(tiff: Uint8Array): number | undefined {
  const at = orientationValueOffset(tiff);
  if (at < 0) return undefined;
  const r = reader(tiff);
  return r ? r.r16(at) : undefined;
}

/** A copy with IFD0's Orientation set (used to reset it to 1 once pixels were turned upright). */
export function withExifOrientation(tiff: Uint8Array, orientation: number): Uint8Array {
  const copy = copyBytes(tiff);
  const at = orientationValueOffset(copy);
  if (at < 0) return copy;
  const little = copy[0] === 0x49;
  copy[at] = little ? orientation & 0xff : (orientation >> 8) & 0xff;
  copy[at + 1] = little ? (orientation >> 8) & 0xff : orientation & 0xff;
  return copy;
}

/** The smallest EXIF block that carries only an orientation: what a lossless strip keeps so photos stay upright. */
export function orientationOnlyExif(orientation: number): Uint8Array {
  // Big-endian header, IFD0 at offset 8 with one entry, then a zero "next IFD" pointer.
  return Uint8Array.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (orientation >> 8) & 0xff, orientation & 0xff, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  ]);
}

/** The raw bytes of an IFD0 tag of byte type (BYTE/UNDEFINED), e.g. a TIFF file's ICC profile (34675). */
export function tiffTagBytes(tiff: Uint8Array, tag: number): Uint8Array | undefined {
  const r = reader(tiff);
  if (!r) return undefined;
  const ifd = r.r32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = r.r16(ifd);
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (r.r16(entry) !== tag || ![1, 7].includes(r.r16(entry + 2))) continue;
    const length = r.r32(entry + 4);
    const start = length <= 4 ? entry + 8 : r.r32(entry + 8);
    return start + length <= tiff.length ? copyBytes(tiff.subarray(start, start + length)) : undefined;
  }
  return undefined;
}

export const TIFF_ICC_PROFILE_TAG = 34675;
