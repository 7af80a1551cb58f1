/**
 * PNG metadata chunks: strip without touching IDAT, extract EXIF/ICC, and
 * insert them into an encoder's output.
 */
import { copyBytes, ascii, asciiBytes, concatBytes, crc32, fourcc, u32be, writeU32be } from './bytes.ts';
import { InflateCapExceeded, inflateCapped } from './capped-inflate.ts';
import { orientationOnlyExif, readExifOrientation } from './exif-block.ts';
import { corruptError } from './image-errors.ts';
import { MAX_INFLATED_METADATA_BYTES, MAX_PNG_CHUNKS } from './parse-limits.ts';

export interface PngChunk {
  readonly type: string;
  readonly start: number;
  readonly data: Uint8Array;
  readonly end: number;
}

const SIGNATURE_LENGTH = 8;

export function pngChunks(b: Uint8Array): PngChunk[] {
  const chunks: PngChunk[] = [];
  let at = SIGNATURE_LENGTH;
  while (at + 12 <= b.length) {
    const length = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    const end = at + 12 + length;
    if (end > b.length) throw new RangeError(`the ${fourcc(type)} chunk at byte ${at} runs past the end of the file`);
    if (chunks.length >= MAX_PNG_CHUNKS) throw corruptError('png', `it has more than ${MAX_PNG_CHUNKS} chunks`);
    chunks.push({ type, start: at, data: b.subarray(at + 8, at + 8 + length), end });
    at = end;
    if (type === 'IEND') return chunks;
  }
  throw new RangeError('the file ends before its IEND chunk');
}

/**
 * Chunks a strip keeps: the image itself, animation (APNG) and what changes
 * how colours and transparency are shown. Everything else (eXIf, tEXt, zTXt,
 * iTXt, tIME, private chunks such as C2PA) is dropped: an allow-list, so an
 * unknown chunk can never smuggle metadata through.
 */
const KEPT_ON_STRIP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'cICP', 'mDCv', 'cLLi', 'pHYs', 'bKGD', 'acTL', 'fcTL', 'fdAT']);

export function chunkBytes(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeU32be(out, 0, data.length);
  const typeBytes = asciiBytes(type);
  out.set(typeBytes, 4);
  out.set(data, 8);
  writeU32be(out, 8 + data.length, crc32([typeBytes, data]));
  return out;
}

export interface StripOutcome {
  readonly bytes: Uint8Array;
  readonly removedBytes: number;
}

export function stripPngMetadata(b: Uint8Array, options: { keepIcc: boolean }): StripOutcome {
  const chunks = pngChunks(b);
  // A kept profile is copied byte for byte: make sure it is not a bomb first (bounded; throws the limit's error).
  const iccp = options.keepIcc ? chunks.find((c) => c.type === 'iCCP') : undefined;
  if (iccp) inflateIccp(iccp);
  const exif = chunks.find((c) => c.type === 'eXIf');
  const orientation = exif ? readExifOrientation(exif.data) : undefined;
  const parts: Uint8Array[] = [b.subarray(0, SIGNATURE_LENGTH)];
  for (const chunk of chunks) {
    if (chunk.type === 'IDAT' && orientation && orientation !== 1 && !parts.some((p) => ascii(p, 4, 4) === 'eXIf')) {
      parts.push(chunkBytes('eXIf', orientationOnlyExif(orientation)));
    }
    if (KEPT_ON_STRIP.has(chunk.type) || (options.keepIcc && chunk.type === 'iCCP')) parts.push(b.subarray(chunk.start, chunk.end));
  }
  const bytes = concatBytes(parts);
  return { bytes, removedBytes: b.length - bytes.length };
}

/** zlib stream made of stored (uncompressed) deflate blocks: valid everywhere, synchronous, and ICC profiles are small. */
export function zlibStored(data: Uint8Array): Uint8Array {
  const blocks: Uint8Array[] = [Uint8Array.from([0x78, 0x01])];
  const count = Math.max(1, Math.ceil(data.length / 65535));
  for (let i = 0; i < count; i += 1) {
    const piece = data.subarray(i * 65535, (i + 1) * 65535);
    const last = i === count - 1 ? 1 : 0;
    blocks.push(Uint8Array.from([last, piece.length & 0xff, piece.length >> 8, ~piece.length & 0xff, (~piece.length >> 8) & 0xff]), piece);
  }
  let a = 1;
  let s = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    s = (s + a) % 65521;
  }
  const adler = new Uint8Array(4);
  writeU32be(adler, 0, ((s << 16) | a) >>> 0);
  blocks.push(adler);
  return concatBytes(blocks);
}

const MEGABYTES = MAX_INFLATED_METADATA_BYTES / (1024 * 1024);

/** An ICC profile starts with its own size: inflating further than that is never needed. */
function profileSizeLimit(head: Uint8Array): number {
  const declared = u32be(head, 0);
  if (head.length < 128 || declared < 128) throw new PngLimit(`its ICC profile (iCCP chunk) is not a profile: it declares ${declared} bytes`);
  if (declared > MAX_INFLATED_METADATA_BYTES) throw new PngLimit(`its ICC profile (iCCP chunk) declares ${declared} bytes, more than the ${MEGABYTES} MB allowed`);
  return declared;
}

class PngLimit extends Error {}

/**
 * A compressed metadata chunk's content (iCCP, zTXt, iTXt), inflated no further than
 * MAX_INFLATED_METADATA_BYTES, and an ICC profile no further than the size its header declares:
 * a 1 MB chunk that would inflate to 1 GiB is refused after a few kilobytes. A damaged stream
 * gives undefined (the chunk is then simply ignored).
 */
export function inflatePngMetadata(data: Uint8Array, chunk: string, what: string): Uint8Array | undefined {
  try {
    return inflateCapped(data, MAX_INFLATED_METADATA_BYTES, chunk === 'iCCP' ? { limitFromHeader: profileSizeLimit } : {});
  } catch (error) {
    if (error instanceof PngLimit) throw corruptError('png', error.message);
    if (error instanceof InflateCapExceeded) {
      throw corruptError('png', error.maxBytes < MAX_INFLATED_METADATA_BYTES ? `its ${what} (${chunk} chunk) inflates to more than the ${error.maxBytes} bytes it declares` : `its ${what} (${chunk} chunk) inflates to more than ${MEGABYTES} MB`);
    }
    return undefined;
  }
}

/** The profile of an iCCP chunk: name, NUL, compression method (0), then the zlib stream. */
function inflateIccp(iccp: PngChunk): Uint8Array | undefined {
  const nul = iccp.data.indexOf(0);
  return nul > 0 && iccp.data[nul + 1] === 0 ? inflatePngMetadata(iccp.data.subarray(nul + 2), 'iCCP', 'ICC profile') : undefined;
}

export interface PngEmbedded {
  readonly exif?: Uint8Array;
  readonly icc?: Uint8Array;
}

export function extractPngMetadata(b: Uint8Array): PngEmbedded {
  const chunks = pngChunks(b);
  const exif = chunks.find((c) => c.type === 'eXIf');
  const iccp = chunks.find((c) => c.type === 'iCCP');
  const icc = iccp ? inflateIccp(iccp) : undefined;
  return { ...(exif ? { exif: copyBytes(exif.data) } : {}), ...(icc ? { icc } : {}) };
}

/** Adds eXIf and iCCP before the first IDAT, replacing any the encoder wrote (and sRGB, which must not coexist with iCCP). */
export function insertPngMetadata(b: Uint8Array, metadata: PngEmbedded): Uint8Array {
  const chunks = pngChunks(b);
  const parts: Uint8Array[] = [b.subarray(0, SIGNATURE_LENGTH)];
  for (const chunk of chunks) {
    if (metadata.exif && chunk.type === 'eXIf') continue;
    if (metadata.icc && (chunk.type === 'iCCP' || chunk.type === 'sRGB')) continue;
    // iCCP must precede PLTE and IDAT; eXIf only IDAT. Both go right after IHDR.
    parts.push(b.subarray(chunk.start, chunk.end));
    if (chunk.type === 'IHDR') {
      if (metadata.icc) parts.push(chunkBytes('iCCP', concatBytes([asciiBytes('ICC profile\0\0'), zlibStored(metadata.icc)])));
      if (metadata.exif) parts.push(chunkBytes('eXIf', metadata.exif));
    }
  }
  return concatBytes(parts);
}

/** The chunks that hold the image itself, for tests that prove a strip left them untouched. */
export function pngImageDataChunks(b: Uint8Array): Uint8Array[] {
  return pngChunks(b).filter((c) => ['IHDR', 'PLTE', 'IDAT', 'tRNS', 'IEND'].includes(c.type)).map((c) => b.subarray(c.start, c.end));
}
