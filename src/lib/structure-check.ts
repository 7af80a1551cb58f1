/**
 * Cheap whole-file checks run before decoding, so a file cut short is
 * reported as such (browsers quietly paint the missing part of a truncated
 * JPEG grey instead of failing), and every container is walked once within the
 * limits of parse-limits.ts before a decoder (the browser's, utif2, libheif,
 * libjxl) walks it without them.
 */
import { ImageError, type InputFormat } from '../core/types.ts';
import { ascii, startsWith, u32le } from './bytes.ts';
import { walkGif } from './gif-structure.ts';
import { isoStructureProblem } from './iso-structure.ts';
import { jpegSegments } from './jpeg-metadata.ts';
import { pngChunks } from './png-metadata.ts';
import { walkTiff } from './tiff-structure.ts';
import { webpChunks } from './webp-metadata.ts';

const QOI_END = [0, 0, 0, 0, 0, 0, 0, 1];

/**
 * A sentence describing what is wrong, or null when nothing structural is. A parser limit that
 * already raised its own ImageError (corruptError naming the limit) is thrown as it is.
 */
export function structuralProblem(bytes: Uint8Array, format: InputFormat): string | null {
  try {
    if (format === 'jpeg') jpegSegments(bytes);
    if (format === 'png' && !pngChunks(bytes).some((chunk) => chunk.type === 'IDAT')) return 'it has no image data (IDAT chunk)';
    if (format === 'webp') {
      const declared = 8 + u32le(bytes, 4);
      if (declared > bytes.length) return `it is cut short: its header announces ${declared} bytes, the file has ${bytes.length}`;
      webpChunks(bytes);
    }
    if (format === 'qoi' && !QOI_END.every((value, i) => bytes[bytes.length - 8 + i] === value)) return 'it is cut short (the end marker is missing)';
    if (format === 'gif') {
      if (ascii(bytes, bytes.length - 1, 1) !== ';' && bytes.length < 32) return 'it is cut short';
      const gif = walkGif(bytes);
      if (gif.complete && gif.frames === 0) return 'it has no image (no frame before its end marker)';
    }
    if (format === 'tiff') walkTiff(bytes, 'tiff', { image: true });
    // A bare JPEG XL codestream (FF 0A) has no boxes; the container form does.
    if (format === 'heic' || format === 'avif' || (format === 'jxl' && !startsWith(bytes, [0xff, 0x0a]))) return isoStructureProblem(bytes);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    return error instanceof Error ? error.message : String(error);
  }
  return null;
}
