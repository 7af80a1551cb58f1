/**
 * WebP (RIFF) metadata: extract EXIF/ICC and insert them into an encoder's
 * output, turning a simple VP8/VP8L file into the extended (VP8X) layout.
 */
import { copyBytes, ascii, asciiBytes, concatBytes, fourcc, u24le, u32le, writeU32le } from './bytes.ts';
import { orientationOnlyExif, readExifOrientation } from './exif-block.ts';
import { readHeaderDimensions } from './header-dimensions.ts';
import { corruptError } from './image-errors.ts';
import { MAX_WEBP_CHUNKS } from './parse-limits.ts';

interface RiffChunk {
  readonly type: string;
  readonly data: Uint8Array;
  /** The whole chunk including header and padding. */
  readonly raw: Uint8Array;
}

export function webpChunks(b: Uint8Array): RiffChunk[] {
  if (ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') throw new RangeError('not a RIFF WEBP file');
  const end = Math.min(b.length, 8 + u32le(b, 4));
  const chunks: RiffChunk[] = [];
  let at = 12;
  while (at + 8 <= end) {
    if (chunks.length >= MAX_WEBP_CHUNKS) throw corruptError('webp', `it has more than ${MAX_WEBP_CHUNKS} RIFF chunks`);
    const size = u32le(b, at + 4);
    const next = at + 8 + size + (size & 1);
    if (at + 8 + size > end) throw new RangeError(`the ${fourcc(ascii(b, at, 4))} chunk runs past the end of the file`);
    chunks.push({ type: ascii(b, at, 4), data: b.subarray(at + 8, at + 8 + size), raw: b.subarray(at, Math.min(next, end)) });
    at = next;
  }
  return chunks;
}

/** One RIFF chunk: type, little-endian length, data, and the pad byte an odd length needs. */
export function webpChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  out.set(asciiBytes(type), 0);
  writeU32le(out, 4, data.length);
  out.set(data, 8);
  return out;
}

export interface WebpEmbedded {
  readonly exif?: Uint8Array;
  readonly icc?: Uint8Array;
}

export function extractWebpMetadata(b: Uint8Array): WebpEmbedded {
  const chunks = webpChunks(b);
  const exif = chunks.find((c) => c.type === 'EXIF')?.data;
  const icc = chunks.find((c) => c.type === 'ICCP')?.data;
  // Some writers keep JPEG's "Exif\0\0" prefix inside the chunk.
  const tiff = exif && ascii(exif, 0, 6) === 'Exif\0\0' ? exif.subarray(6) : exif;
  return { ...(tiff ? { exif: copyBytes(tiff) } : {}), ...(icc ? { icc: copyBytes(icc) } : {}) };
}

const FLAG_ICC = 0x20;
const FLAG_ALPHA = 0x10;
const FLAG_EXIF = 0x08;
const FLAG_XMP = 0x04;
const FLAG_ANIMATION = 0x02;

/** Chunk order the container spec requires: VP8X, ICCP, ANIM/image data, EXIF, XMP. */
export function insertWebpMetadata(b: Uint8Array, metadata: WebpEmbedded): Uint8Array {
  if (!metadata.exif && !metadata.icc) return b;
  const chunks = webpChunks(b);
  const vp8x = chunks.find((c) => c.type === 'VP8X');
  let flags = vp8x ? (vp8x.data[0] ?? 0) : 0;
  let width: number;
  let height: number;
  if (vp8x) {
    width = u24le(vp8x.data, 4) + 1;
    height = u24le(vp8x.data, 7) + 1;
  } else {
    const size = readHeaderDimensions(b, 'webp');
    if (!size.ok) throw new RangeError(size.reason);
    ({ width, height } = size);
    const lossless = chunks.find((c) => c.type === 'VP8L');
    // VP8L header bit 28 says whether any alpha is used.
    if (lossless && ((u32le(lossless.data, 1) >>> 28) & 1) === 1) flags |= FLAG_ALPHA;
    if (chunks.some((c) => c.type === 'ALPH')) flags |= FLAG_ALPHA;
  }
  const body = chunks.filter((c) => !['VP8X', 'ICCP', 'EXIF', 'XMP '].includes(c.type) || (c.type === 'ICCP' && !metadata.icc) || (c.type === 'EXIF' && !metadata.exif));
  const iccChunk = metadata.icc ? webpChunk('ICCP', metadata.icc) : body.find((c) => c.type === 'ICCP')?.raw;
  const exifChunk = metadata.exif ? webpChunk('EXIF', metadata.exif) : body.find((c) => c.type === 'EXIF')?.raw;
  const xmpChunk = chunks.find((c) => c.type === 'XMP ')?.raw;
  const imageChunks = body.filter((c) => c.type !== 'ICCP' && c.type !== 'EXIF').map((c) => c.raw);
  flags = (flags & ~(FLAG_ICC | FLAG_EXIF | FLAG_XMP)) | (iccChunk ? FLAG_ICC : 0) | (exifChunk ? FLAG_EXIF : 0) | (xmpChunk ? FLAG_XMP : 0);
  flags &= FLAG_ICC | FLAG_ALPHA | FLAG_EXIF | FLAG_XMP | FLAG_ANIMATION;
  const header = new Uint8Array(10);
  header[0] = flags;
  header.set([(width - 1) & 0xff, ((width - 1) >> 8) & 0xff, ((width - 1) >> 16) & 0xff], 4);
  header.set([(height - 1) & 0xff, ((height - 1) >> 8) & 0xff, ((height - 1) >> 16) & 0xff], 7);
  const payload = concatBytes([asciiBytes('WEBP'), webpChunk('VP8X', header), ...(iccChunk ? [iccChunk] : []), ...imageChunks, ...(exifChunk ? [exifChunk] : []), ...(xmpChunk ? [xmpChunk] : [])]);
  const riff = new Uint8Array(8);
  riff.set(asciiBytes('RIFF'), 0);
  writeU32le(riff, 4, payload.length);
  return concatBytes([riff, payload]);
}

/** Chunks that are the image itself (or how to show it): what a strip keeps, by allow-list. */
const WEBP_IMAGE_CHUNKS = new Set(['VP8X', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);

/**
 * Removes metadata without re-encoding: EXIF, XMP and unknown chunks go, the image chunks are copied byte
 * for byte and VP8X's flags are corrected. The ICC profile stays unless asked otherwise (it defines the
 * colours), and a non-1 orientation survives as a one-tag EXIF chunk, as in the JPEG and PNG strips.
 */
export function stripWebpMetadata(b: Uint8Array, options: { keepIcc: boolean }): { bytes: Uint8Array; removedBytes: number } {
  const chunks = webpChunks(b);
  const vp8x = chunks.find((c) => c.type === 'VP8X');
  // A simple (VP8/VP8L-only) file cannot carry metadata chunks.
  if (!vp8x || vp8x.data.length < 10) return { bytes: b, removedBytes: 0 };
  const { exif } = extractWebpMetadata(b);
  const orientation = exif ? readExifOrientation(exif) : undefined;
  const exifChunk = orientation && orientation !== 1 ? webpChunk('EXIF', orientationOnlyExif(orientation)) : undefined;
  const iccChunk = options.keepIcc ? chunks.find((c) => c.type === 'ICCP')?.raw : undefined;
  const header = copyBytes(vp8x.data.subarray(0, 10));
  header[0] = ((header[0] ?? 0) & (FLAG_ALPHA | FLAG_ANIMATION)) | (iccChunk ? FLAG_ICC : 0) | (exifChunk ? FLAG_EXIF : 0);
  const image = chunks.filter((c) => WEBP_IMAGE_CHUNKS.has(c.type) && c.type !== 'VP8X').map((c) => c.raw);
  const payload = concatBytes([asciiBytes('WEBP'), webpChunk('VP8X', header), ...(iccChunk ? [iccChunk] : []), ...image, ...(exifChunk ? [exifChunk] : [])]);
  const riff = new Uint8Array(8);
  riff.set(asciiBytes('RIFF'), 0);
  writeU32le(riff, 4, payload.length);
  const bytes = concatBytes([riff, payload]);
  return { bytes, removedBytes: b.length - bytes.length };
}

/** The same file with its chunks replaced or dropped (`change` returns the new raw chunk, or null to drop it); RIFF size and VP8X flags fixed. */
export function rewriteWebpChunks(b: Uint8Array, change: (type: string, data: Uint8Array) => Uint8Array | null | undefined): Uint8Array {
  const chunks = webpChunks(b);
  const parts: Uint8Array[] = [];
  for (const c of chunks) {
    const replaced = change(c.type, c.data);
    if (replaced === null) continue;
    parts.push(replaced === undefined ? c.raw : webpChunk(c.type, replaced));
  }
  const types = new Set(chunks.filter((c) => change(c.type, c.data) !== null).map((c) => c.type));
  const vp8xAt = chunks.findIndex((c) => c.type === 'VP8X');
  const vp8x = parts[vp8xAt];
  if (vp8xAt >= 0 && vp8x && vp8x.length >= 18) {
    const fixed = copyBytes(vp8x);
    fixed[8] = ((fixed[8] ?? 0) & ~(FLAG_EXIF | FLAG_XMP)) | (types.has('EXIF') ? FLAG_EXIF : 0) | (types.has('XMP ') ? FLAG_XMP : 0);
    parts[vp8xAt] = fixed;
  }
  const payload = concatBytes([asciiBytes('WEBP'), ...parts]);
  const riff = new Uint8Array(8);
  riff.set(asciiBytes('RIFF'), 0);
  writeU32le(riff, 4, payload.length);
  return concatBytes([riff, payload]);
}
