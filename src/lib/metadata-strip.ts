/**
 * Metadata without re-encoding: the lossless strip for JPEG, PNG and WebP, and
 * "keep metadata" (EXIF with orientation reset to 1, plus the ICC profile)
 * carried from an input file into an encoder's output.
 */
import type { ImageFormat } from '../core/formats.ts';
import { ImageError, type InputFormat } from '../core/types.ts';
import { isoBoxes, u32be } from './bytes.ts';
import { isTiffHeader, readExifOrientation, TIFF_ICC_PROFILE_TAG, tiffTagBytes, withExifOrientation } from './exif-block.ts';
import { extractHeifExif, extractHeifIcc } from './heif-metadata.ts';
import { isRgbProfile } from './icc-description.ts';
import { extractJpegMetadata, insertJpegMetadata, stripJpegMetadata } from './jpeg-metadata.ts';
import { extractPngMetadata, insertPngMetadata, stripPngMetadata } from './png-metadata.ts';
import { extractWebpMetadata, insertWebpMetadata, stripWebpMetadata, webpChunks } from './webp-metadata.ts';
import { insertHeifMetadata } from './avif-metadata.ts';
import { walkTiff } from './tiff-structure.ts';

export interface EmbeddedMetadata {
  /** TIFF-structured EXIF block. */
  readonly exif?: Uint8Array;
  /** Raw ICC profile. */
  readonly icc?: Uint8Array;
}

export const LOSSLESS_STRIP_FORMATS = ['jpeg', 'png', 'webp'] as const;
export type LosslessStripFormat = (typeof LOSSLESS_STRIP_FORMATS)[number];
export const hasLosslessStrip = (format: InputFormat): format is LosslessStripFormat => (LOSSLESS_STRIP_FORMATS as readonly InputFormat[]).includes(format);

/**
 * Removes metadata from JPEG, PNG or WebP bytes; the compressed image data is copied
 * unchanged. The ICC profile is kept by default because it defines what the
 * pixel values mean: dropping it would change the colours of wide-gamut photos.
 */
export function stripMetadataLossless(bytes: Uint8Array, format: LosslessStripFormat, options: { keepIcc?: boolean } = {}): { bytes: Uint8Array; removedBytes: number } {
  const keepIcc = options.keepIcc ?? true;
  if (format === 'webp') return stripWebpMetadata(bytes, { keepIcc });
  return format === 'jpeg' ? stripJpegMetadata(bytes, { keepIcc }) : stripPngMetadata(bytes, { keepIcc });
}

/** True when an EXIF block's directories can be walked within the limits (no loop, sane counts, values inside it). */
export function exifIsWalkable(exif: Uint8Array, format: InputFormat): boolean {
  try {
    walkTiff(exif, format);
    return true;
  } catch {
    return false;
  }
}

/**
 * EXIF and ICC found in an input, for the formats whose containers we read. Unreadable metadata is simply
 * absent (an EXIF block whose directories loop or overflow is dropped, so nothing walks it again); only a
 * parser limit that makes the file itself suspect (a profile that inflates past the cap) throws its ImageError.
 */
export async function extractEmbeddedMetadata(bytes: Uint8Array, format: InputFormat): Promise<EmbeddedMetadata> {
  try {
    const found = await extractByFormat(bytes, format);
    const exif = found.exif && isTiffHeader(found.exif) && exifIsWalkable(found.exif, format) ? found.exif : undefined;
    return { ...(exif ? { exif } : {}), ...(found.icc ? { icc: found.icc } : {}) };
  } catch (error) {
    if (error instanceof ImageError) throw error;
    return {};
  }
}

/** The 'Exif' box of a JPEG XL container: a 4-byte offset, then the TIFF block. */
function extractJxlExif(bytes: Uint8Array): Uint8Array | undefined {
  const box = isoBoxes(bytes, 0, bytes.length).find((b) => b.type === 'Exif');
  return box ? bytes.subarray(box.payload + 4 + u32be(bytes, box.payload), box.end) : undefined;
}

async function extractByFormat(bytes: Uint8Array, format: InputFormat): Promise<EmbeddedMetadata> {
  const defined = (exif: Uint8Array | undefined, icc: Uint8Array | undefined): EmbeddedMetadata => ({ ...(exif ? { exif } : {}), ...(icc ? { icc } : {}) });
  switch (format) {
    case 'jpeg': return extractJpegMetadata(bytes);
    case 'png': return extractPngMetadata(bytes);
    case 'webp': return extractWebpMetadata(bytes);
    case 'heic':
    case 'avif': return defined(extractHeifExif(bytes), extractHeifIcc(bytes));
    case 'jxl': return defined(extractJxlExif(bytes), undefined);
    // A TIFF's own tags are its EXIF, mixed with its image structure: only the profile is carried.
    case 'tiff': return defined(undefined, tiffTagBytes(bytes, TIFF_ICC_PROFILE_TAG));
    default: return {};
  }
}

/** The EXIF orientation (1–8) a file declares, or undefined. TIFF files are EXIF-structured themselves. */
export async function readEmbeddedOrientation(bytes: Uint8Array, format: InputFormat): Promise<number | undefined> {
  return embeddedOrientation(format === 'tiff' ? {} : await extractEmbeddedMetadata(bytes, format), bytes, format);
}

/** The same from metadata already extracted (decodeImage parses it once and hands it on). */
export function embeddedOrientation(embedded: EmbeddedMetadata, bytes: Uint8Array, format: InputFormat): number | undefined {
  if (format === 'tiff') return readExifOrientation(bytes);
  return embedded.exif ? readExifOrientation(embedded.exif) : undefined;
}

/**
 * Whether the file carries metadata (EXIF, XMP, IPTC, ICC, comments, text chunks…); undefined when this
 * format is not inspected. A lossless strip that would remove bytes is the test for JPEG and PNG.
 */
export function carriesMetadata(bytes: Uint8Array, format: InputFormat): boolean | undefined {
  try {
    if (format === 'jpeg' || format === 'png') return stripMetadataLossless(bytes, format, { keepIcc: false }).removedBytes > 0;
    if (format === 'webp') return webpChunks(bytes).some((chunk) => ['EXIF', 'XMP ', 'ICCP'].includes(chunk.type));
    if (format === 'qoi') return false;
  } catch {
    return undefined;
  }
  return undefined;
}

/** The profile a re-encoded RGB output may carry: an RGB one (a CMYK JPEG's profile cannot describe RGB pixels). */
export const rgbIcc = ({ icc }: EmbeddedMetadata): Uint8Array | undefined => (icc && isRgbProfile(icc) ? icc : undefined);

/** What "keep metadata" writes once the pixels were turned upright: the same EXIF, orientation 1. */
export function metadataForUprightPixels(metadata: EmbeddedMetadata): EmbeddedMetadata {
  return { ...metadata, ...(metadata.exif ? { exif: withExifOrientation(metadata.exif, 1) } : {}) };
}

/** Output formats whose containers this module writes metadata into (JPEG XL and QOI are not among them). */
export const METADATA_OUTPUT_FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'webp', 'avif'];

/** Inserts EXIF/ICC into an encoder's output. Returns null when the format cannot carry them here. */
export function embedMetadata(bytes: Uint8Array, format: ImageFormat, metadata: EmbeddedMetadata): Uint8Array | null {
  if (!metadata.exif && !metadata.icc) return bytes;
  if (format === 'jpeg') return insertJpegMetadata(bytes, metadata);
  if (format === 'png') return insertPngMetadata(bytes, metadata);
  if (format === 'webp') return insertWebpMetadata(bytes, metadata);
  if (format === 'avif') return insertHeifMetadata(bytes, metadata);
  return null;
}
