/**
 * TIFF: the structure is walked and validated first (src/lib/tiff-structure.ts:
 * loops, counts, strips inside the file), then utif2 reads the tags of the first
 * page only, from a copy in which that page has no "next" pointer and no
 * sub-directories. LZW, Deflate and PackBits strips are decompressed here with
 * bounded decompressors (src/lib/tiff-decompress.ts) and handed to utif2 as
 * uncompressed strips, which it then puts in order, un-predicts and converts to
 * RGBA; CMYK is converted here (utif2's conversion needs `window`). Its
 * Orientation tag is applied by decode.ts.
 */
import type { IFD } from 'utif2';
import type { Pixels } from '../../core/pixels.ts';
import { ImageError } from '../../core/types.ts';
import { concatBytes } from '../../lib/bytes.ts';
import { corruptError, unsupportedFormatError } from '../../lib/image-errors.ts';
import { decodePackBits, decodeTiffDeflate, decodeTiffLzw } from '../../lib/tiff-decompress.ts';
import { firstPageOnly, TAG, walkTiff, type TiffStructure } from '../../lib/tiff-structure.ts';
import type { DecoderDefinition } from '../types.ts';

type Decompress = (src: Uint8Array, outSize: number) => Uint8Array;
const DECOMPRESSORS: Readonly<Record<number, Decompress>> = { 5: decodeTiffLzw, 8: decodeTiffDeflate, 32946: decodeTiffDeflate, 32773: decodePackBits };
/** Compressions utif2 decodes itself: none, CCITT fax (2, 3, 4) and JPEG (6, 7). */
const UTIF_COMPRESSIONS = new Set([1, 2, 3, 4, 6, 7]);
const COMPRESSION_NAMES: Readonly<Record<number, string>> = { 9: 'JPEG XL (DNG)', 34712: 'JPEG 2000', 34887: 'LERC', 50000: 'Zstandard', 50001: 'WebP', 32809: 'ThunderScan', 34676: 'SGI LogLuv' };

interface StripLayout {
  readonly tiled: boolean;
  /** Uncompressed size of each strip or tile, in file order. */
  readonly sizes: number[];
}

function stripLayout(s: TiffStructure): StripLayout {
  const d = s.first;
  const width = s.value(d, TAG.width) ?? 0;
  const height = s.value(d, TAG.height) ?? 0;
  const samples = s.value(d, TAG.samplesPerPixel) ?? 1;
  const bits = s.values(d.entries.get(TAG.bitsPerSample));
  const bitsPerPixel = (bits[0] ?? 1) * samples;
  const tiled = d.entries.has(TAG.tileWidth);
  const count = s.values(d.entries.get(tiled ? TAG.tileOffsets : TAG.stripOffsets)).length;
  if (tiled) {
    const tileWidth = s.value(d, TAG.tileWidth) ?? 0;
    const tileLength = s.value(d, TAG.tileLength) ?? 0;
    return { tiled, sizes: new Array<number>(count).fill(Math.ceil((tileWidth * bitsPerPixel) / 8) * tileLength) };
  }
  const rows = Math.min(s.value(d, TAG.rowsPerStrip) ?? height, height) || height;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  return { tiled, sizes: Array.from({ length: count }, (_, i) => Math.max(0, Math.min(rows, height - i * rows)) * rowBytes) };
}

/**
 * The page's strips decompressed into a new buffer (the 8-byte header first: utif2 reads the byte order
 * from it), with the directory pointed at them as uncompressed strips.
 */
function decompressStrips(bytes: Uint8Array, s: TiffStructure, ifd: IFD, decompress: Decompress): Uint8Array {
  const d = s.first;
  const layout = stripLayout(s);
  const offsets = s.values(d.entries.get(layout.tiled ? TAG.tileOffsets : TAG.stripOffsets));
  const counts = s.values(d.entries.get(layout.tiled ? TAG.tileByteCounts : TAG.stripByteCounts));
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  const newOffsets: number[] = [];
  let at = 8;
  offsets.forEach((offset, i) => {
    const size = layout.sizes[i] ?? 0;
    parts.push(decompress(bytes.subarray(offset, offset + (counts[i] ?? 0)), size));
    newOffsets.push(at);
    at += size;
  });
  ifd['t259'] = [1];
  ifd[layout.tiled ? 't324' : 't273'] = newOffsets;
  ifd[layout.tiled ? 't325' : 't279'] = layout.sizes;
  return concatBytes(parts);
}

/** CMYK (photometric 5), 8 or 16 bits, as the simple complement (the file's CMYK profile is not applied). */
function cmykToRgba(ifd: IFD, s: TiffStructure): Uint8Array {
  const samples = s.value(s.first, TAG.samplesPerPixel) ?? 1;
  const bits = s.values(s.first.entries.get(TAG.bitsPerSample))[0] ?? 8;
  if (samples < 4 || (bits !== 8 && bits !== 16)) throw unsupportedFormatError(`CMYK TIFF with ${samples} samples of ${bits} bits`);
  const { width, height, data } = ifd;
  const pixels = width * height;
  const rgba = new Uint8Array(pixels * 4);
  const step = bits / 8;
  // utif2 has already put 16-bit samples in little-endian order: the high byte is the second.
  const high = step === 2 ? 1 : 0;
  const hasAlpha = samples > 4;
  for (let p = 0; p < pixels; p += 1) {
    const si = p * samples * step + high;
    const k = 255 - (data[si + 3 * step] ?? 0);
    const q = p * 4;
    rgba[q] = Math.round(((255 - (data[si] ?? 0)) * k) / 255);
    rgba[q + 1] = Math.round(((255 - (data[si + step] ?? 0)) * k) / 255);
    rgba[q + 2] = Math.round(((255 - (data[si + 2 * step] ?? 0)) * k) / 255);
    rgba[q + 3] = hasAlpha ? (data[si + 4 * step] ?? 255) : 255;
  }
  return rgba;
}

export async function decodeTiff(buffer: ArrayBuffer): Promise<Pixels> {
  const bytes = new Uint8Array(buffer);
  const structure = walkTiff(bytes, 'tiff', { image: true });
  const first = structure.first;
  const compression = structure.value(first, TAG.compression) ?? 1;
  const decompress = DECOMPRESSORS[compression];
  if (!decompress && !UTIF_COMPRESSIONS.has(compression)) {
    const name = COMPRESSION_NAMES[compression];
    throw unsupportedFormatError(name ? `a TIFF with ${name} compression` : `a TIFF with compression type ${compression}, which no TIFF reader defines (the file may be damaged)`);
  }
  if ((structure.value(first, TAG.planarConfiguration) ?? 1) === 2 && (structure.value(first, TAG.samplesPerPixel) ?? 1) > 1) {
    throw unsupportedFormatError('TIFF with separate colour planes (PlanarConfiguration 2)');
  }
  const UTIF = (await import('utif2')).default;
  try {
    return readFirstPage(UTIF, bytes, structure, decompress);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    // utif2 throws bare values (a bit depth, a string) on layouts it does not know.
    const detail = error instanceof Error && error.message ? error.message : `utif2 stopped at an unexpected value (${String(error).slice(0, 40)})`;
    throw corruptError('tiff', `its image data could not be read: ${detail.replace(/\.$/, '')}`);
  }
}

function readFirstPage(UTIF: typeof import('utif2'), bytes: Uint8Array, structure: TiffStructure, decompress: Decompress | undefined): Pixels {
  const first = structure.first;
  const page = firstPageOnly(bytes, structure);
  const decodeTags = UTIF.decode as (buffer: ArrayBuffer, options: { parseMN: boolean; debug: boolean }) => IFD[];
  const ifd = decodeTags(page.buffer as ArrayBuffer, { parseMN: false, debug: false })[0];
  if (!ifd) throw corruptError('tiff', 'it holds no image');
  const source = decompress ? decompressStrips(page, structure, ifd, decompress) : page;
  UTIF.decodeImage(source.buffer as ArrayBuffer, ifd);
  const { width, height } = ifd;
  if (!width || !height || !ifd.data) throw corruptError('tiff', 'its image data could not be read');
  const rgba = structure.value(first, TAG.photometric) === 5 ? cmykToRgba(ifd, structure) : UTIF.toRGBA8(ifd);
  if (rgba.length < width * height * 4) throw corruptError('tiff', 'its image data is incomplete');
  return { data: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, width * height * 4), width, height };
}

export const tiffDecoder: DecoderDefinition = {
  id: 'tiff',
  formats: ['tiff'],
  label: 'TIFF (UTIF, JavaScript)',
  kind: 'js',
  orientation: 'exif',
  decode: decodeTiff,
};
