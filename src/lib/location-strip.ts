/**
 * "Remove location only" for JPEG, PNG and WebP, without re-encoding: the GPS
 * directory leaves the EXIF block (src/lib/exif-location.ts), XMP or IPTC
 * blocks that name a place are dropped, and everything else (camera, lens,
 * dates, copyright, ICC profile, the compressed image data) is copied byte for
 * byte. `removed` says in words what went, for the row.
 */
import { ascii, concatBytes } from './bytes.ts';
import { heifExifRange, heifMimeItems } from './heif-metadata.ts';
import { tiffTagBytes } from './exif-block.ts';
import { iptcHasLocation, removeExifGps, xmpHasLocation } from './exif-location.ts';
import { exifSegment, jpegSegments } from './jpeg-metadata.ts';
import { chunkBytes, pngChunks } from './png-metadata.ts';
import { rewriteWebpChunks } from './webp-metadata.ts';

export interface LocationStrip {
  readonly bytes: Uint8Array;
  /** What was removed, e.g. "the GPS position", "the XMP block (it names a place)"; empty when nothing was. */
  readonly removed: readonly string[];
}

export const LOCATION_STRIP_FORMATS = ['jpeg', 'png', 'webp'] as const;
export type LocationStripFormat = (typeof LOCATION_STRIP_FORMATS)[number];
/** Formats whose EXIF block is edited in place, when its layout allows (stripLocationInPlace). */
export const IN_PLACE_LOCATION_FORMATS = ['heic', 'avif', 'tiff'] as const;
export type InPlaceLocationFormat = (typeof IN_PLACE_LOCATION_FORMATS)[number];

const GPS = 'the GPS position';
const XMP_ID = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_EXTENSION_ID = 'http://ns.adobe.com/xmp/extension/\0';

export function stripLocation(bytes: Uint8Array, format: LocationStripFormat): LocationStrip {
  if (format === 'jpeg') return stripJpegLocation(bytes);
  if (format === 'png') return stripPngLocation(bytes);
  return stripWebpLocation(bytes);
}

function stripJpegLocation(b: Uint8Array): LocationStrip {
  const { segments, eoiEnd } = jpegSegments(b);
  const removed = new Set<string>();
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  for (const s of segments) {
    const payload = b.subarray(s.start + 4, s.end);
    if (s.marker === 0xe1 && ascii(b, s.start + 4, 6) === 'Exif\0\0') {
      const gps = removeExifGps(payload.subarray(6), 'jpeg');
      if (gps.removed) removed.add(GPS);
      parts.push(gps.removed ? exifSegment(gps.exif) : b.subarray(s.start, s.end));
      continue;
    }
    const isXmp = s.marker === 0xe1 && (ascii(b, s.start + 4, XMP_ID.length) === XMP_ID || ascii(b, s.start + 4, XMP_EXTENSION_ID.length) === XMP_EXTENSION_ID);
    if (isXmp && xmpHasLocation(payload)) { removed.add('the XMP block (it names a place)'); continue; }
    if (s.marker === 0xed && iptcHasLocation(payload)) { removed.add('the IPTC block (it names a place)'); continue; }
    // MPF points at the images after EOI, which are dropped below (each carries its own EXIF, GPS included).
    if (s.marker === 0xe2 && ascii(b, s.start + 4, 4) === 'MPF\0' && eoiEnd < b.length) continue;
    parts.push(b.subarray(s.start, s.end));
  }
  parts.push(b.subarray(eoiEnd - 2, eoiEnd));
  if (eoiEnd < b.length) removed.add('the extra images after the main one (they carry their own metadata)');
  return { bytes: concatBytes(parts), removed: [...removed] };
}

function stripPngLocation(b: Uint8Array): LocationStrip {
  const removed = new Set<string>();
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  for (const chunk of pngChunks(b)) {
    const raw = b.subarray(chunk.start, chunk.end);
    if (chunk.type === 'eXIf') {
      const gps = removeExifGps(chunk.data, 'png');
      if (gps.removed) removed.add(GPS);
      parts.push(gps.removed ? chunkBytes('eXIf', gps.exif) : raw);
      continue;
    }
    if (chunk.type === 'tEXt' || chunk.type === 'zTXt' || chunk.type === 'iTXt') {
      const keyword = ascii(chunk.data, 0, Math.max(0, chunk.data.indexOf(0)));
      // ImageMagick's hex copies of EXIF/XMP/IPTC: a second GPS position this strip cannot edit in place.
      if (/^Raw profile type (exif|app1|xmp|iptc|8bim)$/i.test(keyword)) { removed.add(`the "${keyword}" text chunk (a copy of the metadata that may hold the position)`); continue; }
      if (keyword === 'XML:com.adobe.xmp') {
        // iTXt: keyword, NUL, compression flag, method, language, NUL, translated keyword, NUL, text.
        const compressed = chunk.type !== 'iTXt' || chunk.data[keyword.length + 1] !== 0;
        if (compressed || xmpHasLocation(chunk.data)) { removed.add(compressed ? 'the compressed XMP block (not checked for a place)' : 'the XMP block (it names a place)'); continue; }
      }
    }
    parts.push(raw);
  }
  return { bytes: concatBytes(parts), removed: [...removed] };
}

function stripWebpLocation(b: Uint8Array): LocationStrip {
  const removed = new Set<string>();
  const bytes = rewriteWebpChunks(b, (type, data) => {
    if (type === 'EXIF') {
      const prefixed = ascii(data, 0, 6) === 'Exif\0\0';
      const gps = removeExifGps(prefixed ? data.subarray(6) : data, 'webp');
      if (!gps.removed) return undefined;
      removed.add(GPS);
      return prefixed ? concatBytes([data.subarray(0, 6), gps.exif]) : gps.exif;
    }
    if (type === 'XMP ' && xmpHasLocation(data)) { removed.add('the XMP block (it names a place)'); return null; }
    return undefined;
  });
  return { bytes: removed.size ? bytes : b, removed: [...removed] };
}

const TIFF_XMP_TAG = 700;
const TIFF_IPTC_TAG = 33723;

/**
 * HEIC, AVIF and TIFF: the GPS directory removed from the EXIF block where it lies (the same length, so no
 * box or strip offset changes and nothing is re-encoded). null when this file does not allow it: the EXIF
 * item is split or outside the file, or an XMP/IPTC block names a place (the caller then strips everything).
 */
export function stripLocationInPlace(b: Uint8Array, format: InPlaceLocationFormat): LocationStrip | null {
  let range: { start: number; end: number } | null | undefined;
  if (format === 'tiff') {
    const xmp = tiffTagBytes(b, TIFF_XMP_TAG);
    const iptc = tiffTagBytes(b, TIFF_IPTC_TAG);
    if ((xmp && xmpHasLocation(xmp)) || (iptc && iptcHasLocation(iptc))) return null;
    range = { start: 0, end: b.length };
  } else {
    if (heifMimeItems(b).some(xmpHasLocation)) return null;
    range = heifExifRange(b);
  }
  if (range === null) return null;
  if (range === undefined) return { bytes: b, removed: [] };
  const gps = removeExifGps(b.subarray(range.start, range.end), format);
  if (!gps.removed) return { bytes: b, removed: [] };
  const bytes = new Uint8Array(b);
  bytes.set(gps.exif, range.start);
  return { bytes, removed: [GPS] };
}
