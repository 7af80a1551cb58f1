/**
 * JPEG metadata segments: list, strip without touching the compressed image
 * data, extract EXIF/ICC, and insert them into an encoder's output.
 */
import { copyBytes, ascii, asciiBytes, concatBytes, u16be, writeU16be } from './bytes.ts';
import { orientationOnlyExif, readExifOrientation } from './exif-block.ts';
import { corruptError } from './image-errors.ts';
import { MAX_JPEG_SEGMENTS } from './parse-limits.ts';

export interface JpegSegment {
  readonly marker: number;
  /** Offset of the 0xFF marker byte. */
  readonly start: number;
  /** Offset after the segment (for SOS: after the entropy-coded data that follows it). */
  readonly end: number;
}

const EXIF_ID = 'Exif\0\0';
const ICC_ID = 'ICC_PROFILE\0';
const ICC_CHUNK_MAX = 65535 - 2 - ICC_ID.length - 2;

/** Walks the file from SOI to EOI. Throws a RangeError naming the problem if the structure is broken. */
export function jpegSegments(b: Uint8Array): { segments: JpegSegment[]; eoiEnd: number } {
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new RangeError('the JPEG does not start with SOI');
  const segments: JpegSegment[] = [];
  let at = 2;
  while (at < b.length) {
    if (segments.length >= MAX_JPEG_SEGMENTS) throw corruptError('jpeg', `it has more than ${MAX_JPEG_SEGMENTS} marker segments`);
    if (b[at] !== 0xff) throw new RangeError(`expected a marker at byte ${at}`);
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) { at += 1; continue; }
    if (marker === 0xd9) return { segments, eoiEnd: at + 2 };
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      segments.push({ marker, start: at, end: at + 2 });
      at += 2;
      continue;
    }
    if (at + 4 > b.length) break;
    let end = at + 2 + u16be(b, at + 2);
    if (end > b.length) throw new RangeError(`the segment at byte ${at} runs past the end of the file`);
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed 0x00 or a restart marker.
      while (end + 1 < b.length && !(b[end] === 0xff && b[end + 1] !== 0 && !((b[end + 1] ?? 0) >= 0xd0 && (b[end + 1] ?? 0) <= 0xd7))) end += 1;
      if (end + 1 >= b.length) throw new RangeError('the image data ends without an end-of-image marker');
    }
    segments.push({ marker, start: at, end });
    at = end;
  }
  throw new RangeError('the file ends before its end-of-image marker');
}

const payloadOf = (b: Uint8Array, s: JpegSegment): Uint8Array => b.subarray(s.start + 4, s.end);
const isApp = (s: JpegSegment, n: number): boolean => s.marker === 0xe0 + n;
const isExif = (b: Uint8Array, s: JpegSegment): boolean => isApp(s, 1) && ascii(b, s.start + 4, 6) === EXIF_ID;
const isIcc = (b: Uint8Array, s: JpegSegment): boolean => isApp(s, 2) && ascii(b, s.start + 4, 12) === ICC_ID;
const isJfif = (b: Uint8Array, s: JpegSegment): boolean => isApp(s, 0) && ascii(b, s.start + 4, 5) === 'JFIF\0';

/**
 * Segments a strip keeps: everything needed to decode (tables, frame, scans),
 * JFIF, Adobe APP14 (it says how to read CMYK/YCCK colours) and, if asked, ICC.
 * Dropped: EXIF and XMP (APP1), IPTC/Photoshop (APP13), comments, JFXX
 * thumbnails, MPF and every other application segment.
 */
function keepOnStrip(b: Uint8Array, s: JpegSegment, keepIcc: boolean): boolean {
  if (s.marker < 0xe0 && s.marker !== 0xfe) return true;
  if (isJfif(b, s)) return true;
  if (isApp(s, 14) && ascii(b, s.start + 4, 5) === 'Adobe') return true;
  return keepIcc && isIcc(b, s);
}

function segmentBytes(marker: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  out[0] = 0xff;
  out[1] = marker;
  writeU16be(out, 2, payload.length + 2);
  out.set(payload, 4);
  return out;
}

export const exifSegment = (tiff: Uint8Array): Uint8Array => segmentBytes(0xe1, concatBytes([asciiBytes(EXIF_ID), tiff]));

export function iccSegments(profile: Uint8Array): Uint8Array[] {
  const count = Math.ceil(profile.length / ICC_CHUNK_MAX);
  return Array.from({ length: count }, (_, i) =>
    segmentBytes(0xe2, concatBytes([asciiBytes(ICC_ID), Uint8Array.from([i + 1, count]), profile.subarray(i * ICC_CHUNK_MAX, (i + 1) * ICC_CHUNK_MAX)])),
  );
}

export interface JpegEmbedded {
  readonly exif?: Uint8Array;
  readonly icc?: Uint8Array;
}

export function extractJpegMetadata(b: Uint8Array): JpegEmbedded {
  const { segments } = jpegSegments(b);
  const exifSegmentFound = segments.find((s) => isExif(b, s));
  const iccParts = segments
    .filter((s) => isIcc(b, s))
    .map((s) => ({ sequence: b[s.start + 4 + 12] ?? 0, data: payloadOf(b, s).subarray(14) }))
    .sort((x, y) => x.sequence - y.sequence);
  return {
    ...(exifSegmentFound ? { exif: copyBytes(payloadOf(b, exifSegmentFound).subarray(6)) } : {}),
    ...(iccParts.length ? { icc: concatBytes(iccParts.map((p) => p.data)) } : {}),
  };
}

export interface StripOutcome {
  readonly bytes: Uint8Array;
  readonly removedBytes: number;
}

/**
 * Removes metadata without re-encoding: the kept segments and the scan data
 * are copied byte for byte. Anything after EOI (MPF secondary images, vendor
 * trailers) is dropped. A non-1 orientation survives as a 1-tag EXIF block so
 * the photo still displays upright.
 */
export function stripJpegMetadata(b: Uint8Array, options: { keepIcc: boolean }): StripOutcome {
  const { segments, eoiEnd } = jpegSegments(b);
  const exif = segments.find((s) => isExif(b, s));
  const orientation = exif ? readExifOrientation(payloadOf(b, exif).subarray(6)) : undefined;
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let inserted = false;
  const insertOrientation = () => {
    if (!inserted && orientation && orientation !== 1) parts.push(exifSegment(orientationOnlyExif(orientation)));
    inserted = true;
  };
  for (const s of segments) {
    // The orientation block goes right after JFIF (or first), where readers look for APP1.
    if (!isJfif(b, s)) insertOrientation();
    if (keepOnStrip(b, s, options.keepIcc)) parts.push(b.subarray(s.start, s.end));
  }
  insertOrientation();
  parts.push(b.subarray(eoiEnd - 2, eoiEnd));
  const bytes = concatBytes(parts);
  return { bytes, removedBytes: b.length - bytes.length };
}

/** Adds EXIF (APP1) and ICC (APP2) to an encoder's JPEG, replacing any it wrote itself. */
export function insertJpegMetadata(b: Uint8Array, metadata: JpegEmbedded): Uint8Array {
  const { segments, eoiEnd } = jpegSegments(b);
  const kept = segments.filter((s) => !(metadata.exif && isExif(b, s)) && !(metadata.icc && isIcc(b, s)));
  const jfif = kept.filter((s) => isJfif(b, s));
  const rest = kept.filter((s) => !isJfif(b, s));
  return concatBytes([
    b.subarray(0, 2),
    ...jfif.map((s) => b.subarray(s.start, s.end)),
    ...(metadata.exif && metadata.exif.length + 8 <= 65535 ? [exifSegment(metadata.exif)] : []),
    ...(metadata.icc ? iccSegments(metadata.icc) : []),
    ...rest.map((s) => b.subarray(s.start, s.end)),
    b.subarray(eoiEnd - 2, eoiEnd),
  ]);
}

/** The segments holding compressed image data and its tables, for tests that prove a strip left them untouched. */
export function jpegImageDataSegments(b: Uint8Array): Uint8Array[] {
  return jpegSegments(b).segments.filter((s) => s.marker < 0xe0 && s.marker !== 0xfe).map((s) => b.subarray(s.start, s.end));
}

/** Text of the COM segments (JPEG comments). */
export function jpegComments(b: Uint8Array): string[] {
  return jpegSegments(b)
    .segments.filter((s) => s.marker === 0xfe)
    .map((s) => new TextDecoder().decode(payloadOf(b, s)).replace(/\0+$/, '').trim())
    .filter(Boolean);
}
