/**
 * WebP (RIFF) metadata: extract EXIF/ICC and insert them into an encoder's
 * output, turning a simple VP8/VP8L file into the extended (VP8X) layout.
 */
import { copyBytes, ascii, asciiBytes, concatBytes, fourcc, u24le, u32le, writeU32le } from './bytes.ts';
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

function chunk(type: string, data: Uint8Array): Uint8Array {
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
  const iccChunk = metadata.icc ? chunk('ICCP', metadata.icc) : body.find((c) => c.type === 'ICCP')?.raw;
  const exifChunk = metadata.exif ? chunk('EXIF', metadata.exif) : body.find((c) => c.type === 'EXIF')?.raw;
  const xmpChunk = chunks.find((c) => c.type === 'XMP ')?.raw;
  const imageChunks = body.filter((c) => c.type !== 'ICCP' && c.type !== 'EXIF').map((c) => c.raw);
  flags = (flags & ~(FLAG_ICC | FLAG_EXIF | FLAG_XMP)) | (iccChunk ? FLAG_ICC : 0) | (exifChunk ? FLAG_EXIF : 0) | (xmpChunk ? FLAG_XMP : 0);
  flags &= FLAG_ICC | FLAG_ALPHA | FLAG_EXIF | FLAG_XMP | FLAG_ANIMATION;
  const header = new Uint8Array(10);
  header[0] = flags;
  header.set([(width - 1) & 0xff, ((width - 1) >> 8) & 0xff, ((width - 1) >> 16) & 0xff], 4);
  header.set([(height - 1) & 0xff, ((height - 1) >> 8) & 0xff, ((height - 1) >> 16) & 0xff], 7);
  const payload = concatBytes([asciiBytes('WEBP'), chunk('VP8X', header), ...(iccChunk ? [iccChunk] : []), ...imageChunks, ...(exifChunk ? [exifChunk] : []), ...(xmpChunk ? [xmpChunk] : [])]);
  const riff = new Uint8Array(8);
  riff.set(asciiBytes('RIFF'), 0);
  writeU32le(riff, 4, payload.length);
  return concatBytes([riff, payload]);
}
