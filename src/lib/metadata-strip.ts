/**
 * Metadata without re-encoding: the lossless strip for JPEG and PNG, and
 * "keep metadata" (EXIF with orientation reset to 1, plus the ICC profile)
 * carried from an input file into an encoder's output.
 */
import type { InputFormat, OutputFormat } from '../engine/types.ts';
import { isTiffHeader, withExifOrientation } from './exif-block.ts';
import { extractJpegMetadata, insertJpegMetadata, stripJpegMetadata } from './jpeg-metadata.ts';
import { extractPngMetadata, insertPngMetadata, stripPngMetadata } from './png-metadata.ts';
import { extractWebpMetadata, insertWebpMetadata } from './webp-metadata.ts';

export interface EmbeddedMetadata {
  /** TIFF-structured EXIF block. */
  readonly exif?: Uint8Array;
  /** Raw ICC profile. */
  readonly icc?: Uint8Array;
}

export const LOSSLESS_STRIP_FORMATS: readonly InputFormat[] = ['jpeg', 'png'];

/**
 * Removes metadata from JPEG or PNG bytes; the compressed image data is copied
 * unchanged. The ICC profile is kept by default because it defines what the
 * pixel values mean: dropping it would change the colours of wide-gamut photos.
 */
export function stripMetadataLossless(bytes: Uint8Array, format: 'jpeg' | 'png', options: { keepIcc?: boolean } = {}): { bytes: Uint8Array; removedBytes: number } {
  const keepIcc = options.keepIcc ?? true;
  return format === 'jpeg' ? stripJpegMetadata(bytes, { keepIcc }) : stripPngMetadata(bytes, { keepIcc });
}

/** EXIF and ICC found in an input, for the formats whose containers we read. Never throws: unreadable metadata is simply absent. */
export async function extractEmbeddedMetadata(bytes: Uint8Array, format: InputFormat): Promise<EmbeddedMetadata> {
  try {
    const found = format === 'jpeg' ? extractJpegMetadata(bytes) : format === 'png' ? await extractPngMetadata(bytes) : format === 'webp' ? extractWebpMetadata(bytes) : {};
    return { ...(found.exif && isTiffHeader(found.exif) ? { exif: found.exif } : {}), ...(found.icc ? { icc: found.icc } : {}) };
  } catch {
    return {};
  }
}

/** What "keep metadata" writes once the pixels were turned upright: the same EXIF, orientation 1. */
export function metadataForUprightPixels(metadata: EmbeddedMetadata): EmbeddedMetadata {
  return { ...metadata, ...(metadata.exif ? { exif: withExifOrientation(metadata.exif, 1) } : {}) };
}

/** Output formats whose containers this module writes metadata into. AVIF is not among them (see README). */
export const METADATA_OUTPUT_FORMATS: readonly OutputFormat[] = ['jpeg', 'png', 'webp'];

/** Inserts EXIF/ICC into an encoder's output. Returns null when the format cannot carry them here. */
export function embedMetadata(bytes: Uint8Array, format: OutputFormat, metadata: EmbeddedMetadata): Uint8Array | null {
  if (!metadata.exif && !metadata.icc) return bytes;
  if (format === 'jpeg') return insertJpegMetadata(bytes, metadata);
  if (format === 'png') return insertPngMetadata(bytes, metadata);
  if (format === 'webp') return insertWebpMetadata(bytes, metadata);
  return null;
}
