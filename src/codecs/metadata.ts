/**
 * Metadata in the worker: the Metadata tool's report (exifr plus our own
 * container readers), the strip operation, and "keep metadata" for process().
 * exifr 7.1.3 has no limit options of its own; it reads IFD0, IFD1 and the
 * EXIF/GPS/Interop directories once each (no page chain), so it cannot loop,
 * and the EXIF blocks handed to it were walked within the limits first
 * (extractEmbeddedMetadata drops those that loop or overflow).
 */
import exifr from 'exifr';
import type { ImageFormat } from '../core/formats.ts';
import type { InputFormat, MetadataReport } from '../core/types.ts';
import { ascii, isoBoxes } from '../lib/bytes.ts';
import { heifHasTransform, heifQuarterTurns } from '../lib/heif-metadata.ts';
import { iccDescription } from '../lib/icc-description.ts';
import { jpegComments } from '../lib/jpeg-metadata.ts';
import { embedMetadata, embeddedOrientation, extractEmbeddedMetadata, METADATA_OUTPUT_FORMATS, metadataForUprightPixels, rgbIcc, type EmbeddedMetadata } from '../lib/metadata-strip.ts';
import { buildMetadataReport, type ExifrOutput } from '../lib/metadata-report.ts';
import { uprightDimensions } from '../lib/orientation.ts';
import { walkTiff } from '../lib/tiff-structure.ts';
import { webpChunks } from '../lib/webp-metadata.ts';
import { inspectHeader } from './decode.ts';
import { ownedBuffer } from './wasm.ts';

const EXIFR_OPTIONS = {
  tiff: true, exif: true, gps: true, ifd1: true, interop: false, xmp: true, iptc: true, icc: true, jfif: true, ihdr: true,
  makerNote: false, userComment: true, mergeOutput: false, multiSegment: true, sanitize: true,
} as const;

/** Formats whose whole file exifr reads; for the others we hand it the EXIF block we extracted. */
const EXIFR_CONTAINERS: readonly InputFormat[] = ['jpeg', 'png', 'tiff', 'heic', 'avif'];

async function parseTags(source: Uint8Array): Promise<ExifrOutput | undefined> {
  try {
    return ((await exifr.parse(source, EXIFR_OPTIONS)) as ExifrOutput | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}

function containerFacts(bytes: Uint8Array, format: InputFormat): { hasXmp?: boolean; comments?: string[] } {
  try {
    if (format === 'jpeg') return { comments: jpegComments(bytes) };
    if (format === 'webp') return { hasXmp: webpChunks(bytes).some((c) => c.type === 'XMP ') };
    if (format === 'jxl') return { hasXmp: isoBoxes(bytes, 0, bytes.length).some((b) => b.type === 'xml ') };
    if (format === 'svg') return { hasXmp: /<metadata[\s>]/i.test(ascii(bytes, 0, Math.min(bytes.length, 1 << 20))) };
  } catch {
    // A damaged container simply yields fewer facts.
  }
  return {};
}

/** The size a viewer shows: container rotation wins for HEIF, JPEG XL's header is already upright, else EXIF. */
function displayedSize(bytes: Uint8Array, header: { format: InputFormat; width: number; height: number }, orientation: number | undefined): { width: number; height: number } {
  if (header.format === 'jxl') return header;
  if ((header.format === 'heic' || header.format === 'avif') && heifHasTransform(bytes)) {
    return heifQuarterTurns(bytes) % 2 === 1 ? { width: header.height, height: header.width } : header;
  }
  return uprightDimensions(header.width, header.height, orientation);
}

/** The Metadata tool's report. Reads headers and metadata only: nothing is decoded, so no pixel limit applies. */
export async function inspectMetadata(buffer: ArrayBuffer): Promise<MetadataReport> {
  const bytes = new Uint8Array(buffer);
  const header = inspectHeader(bytes, undefined);
  // exifr walks a TIFF's directories itself: refuse a structure that loops or overflows before it does.
  if (header.format === 'tiff') walkTiff(bytes, 'tiff');
  const embedded = await extractEmbeddedMetadata(bytes, header.format);
  let tags = EXIFR_CONTAINERS.includes(header.format) ? await parseTags(bytes) : undefined;
  if (!tags?.ifd0 && embedded.exif) tags = { ...(tags ?? {}), ...((await parseTags(embedded.exif)) ?? {}) };
  const orientation = embeddedOrientation(embedded, bytes, header.format);
  const upright = displayedSize(bytes, header, orientation);
  const icc = embedded.icc ? iccDescription(embedded.icc) : undefined;
  return buildMetadataReport({
    format: header.format,
    width: upright.width,
    height: upright.height,
    tags,
    extra: { ...containerFacts(bytes, header.format), ...(icc ? { iccDescription: icc } : {}) },
  });
}

export interface CarriedMetadata {
  readonly output: ArrayBuffer;
  readonly metadata: 'stripped' | 'kept' | 'none';
}

/**
 * After encoding: "keep" copies EXIF (orientation reset to 1: the pixels are
 * upright now) and the ICC profile; the profile also goes along whenever the
 * pixels are still in the source's colour space, so colours stay right.
 */
export function carryMetadataInto(found: EmbeddedMetadata, output: ArrayBuffer, outputFormat: ImageFormat, mode: 'strip' | 'keep', pixelsColour: 'srgb' | 'as-stored'): CarriedMetadata {
  const canCarry = METADATA_OUTPUT_FORMATS.includes(outputFormat);
  const icc = rgbIcc(found);
  const wanted = metadataForUprightPixels({
    ...(mode === 'keep' && found.exif ? { exif: found.exif } : {}),
    ...((mode === 'keep' || pixelsColour === 'as-stored') && icc ? { icc } : {}),
  });
  if (mode === 'keep' && !found.exif && !found.icc) return { output, metadata: 'none' };
  if (!canCarry || (!wanted.exif && !wanted.icc)) return { output, metadata: 'stripped' };
  const written = embedMetadata(new Uint8Array(output), outputFormat, wanted);
  if (!written) return { output, metadata: 'stripped' };
  return { output: ownedBuffer(written), metadata: mode === 'keep' ? 'kept' : 'stripped' };
}
