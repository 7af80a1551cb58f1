/**
 * Identifies an image format from its first bytes. The file name and MIME
 * type are never consulted: a text file named photo.jpg is text.
 */
import type { InputFormat } from '../core/types.ts';
import { ascii, fourcc, isoBoxes, startsWith, u16le, u32le } from './bytes.ts';
import { svgRootOf } from './svg-root.ts';

export type SniffResult =
  /** A format the engine decodes. */
  | { readonly kind: 'image'; readonly format: InputFormat }
  /** A recognised image format the engine does not decode (PSD, JPEG 2000, …). */
  | { readonly kind: 'unsupported-image'; readonly description: string }
  /** Not an image; description says what it looks like when that is known. */
  | { readonly kind: 'not-an-image'; readonly description?: string };

const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2', 'heif']);
const VIDEO_BRANDS = new Set(['isom', 'iso2', 'mp41', 'mp42', 'qt  ', 'M4V ', 'M4A ', 'dash', '3gp4', '3gp5', 'avc1']);

/** Major and compatible brands of an ISO BMFF 'ftyp' box, or null if the file does not start with one. */
export function ftypBrands(bytes: Uint8Array): string[] | null {
  if (bytes.length < 12 || ascii(bytes, 4, 4) !== 'ftyp') return null;
  const box = isoBoxes(bytes, 0, bytes.length, 1)[0];
  if (!box) return null;
  const brands = [ascii(bytes, 8, 4)];
  for (let at = box.payload + 8; at + 4 <= box.end; at += 4) brands.push(ascii(bytes, at, 4));
  return brands;
}

function sniffIsoBmff(bytes: Uint8Array): SniffResult | null {
  const brands = ftypBrands(bytes);
  if (!brands) return null;
  // An AVIF often carries 'mif1' as its major brand, so AVIF brands win wherever they appear.
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return { kind: 'image', format: 'avif' };
  if (brands.some((brand) => HEIF_BRANDS.has(brand))) return { kind: 'image', format: 'heic' };
  if (brands.some((brand) => brand === 'jp2 ' || brand === 'jpx ')) return { kind: 'unsupported-image', description: 'JPEG 2000' };
  if (brands.some((brand) => brand === 'crx ')) return { kind: 'unsupported-image', description: 'Canon raw (CR3)' };
  if (brands.some((brand) => VIDEO_BRANDS.has(brand))) return { kind: 'not-an-image', description: 'an MP4/QuickTime video' };
  return { kind: 'not-an-image', description: `an ISO media file (brand "${brands[0]?.trim()}")` };
}

function textPrefix(bytes: Uint8Array, max = 4096): string | null {
  let start = 0;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) start = 3;
  const end = Math.min(bytes.length, start + max);
  let text = '';
  for (let i = start; i < end; i += 1) {
    const byte = bytes[i] ?? 0;
    // Control bytes other than tab/newline/CR/form feed mean binary data.
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) return null;
    text += String.fromCharCode(byte);
  }
  return text;
}

function sniffText(bytes: Uint8Array): SniffResult {
  // SVG: UTF-8 or UTF-16, the root <svg> found by a bounded tokenizer past any comments, PIs and DOCTYPE.
  if (svgRootOf(bytes).kind === 'svg') return { kind: 'image', format: 'svg' };
  const text = textPrefix(bytes);
  if (text === null) return { kind: 'not-an-image' };
  const head = text.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return { kind: 'not-an-image', description: 'an HTML page' };
  if (head.startsWith('<?xml') || head.startsWith('<')) return { kind: 'not-an-image', description: 'an XML document that is not SVG' };
  if (head.startsWith('{') || head.startsWith('[')) return { kind: 'not-an-image', description: 'JSON or other text' };
  if (head.startsWith('#?radiance') || head.startsWith('#?rgbe')) return { kind: 'unsupported-image', description: 'Radiance HDR' };
  if (/^p[1-7]\s/.test(head)) return { kind: 'unsupported-image', description: 'Netpbm (PBM/PGM/PPM)' };
  return { kind: 'not-an-image', description: 'plain text' };
}

export function sniff(bytes: Uint8Array): SniffResult {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', format: 'png' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return { kind: 'image', format: 'webp' };
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return { kind: 'image', format: 'gif' };
  if (startsWith(bytes, [0xff, 0x0a])) return { kind: 'image', format: 'jxl' };
  if (startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) return { kind: 'image', format: 'jxl' };
  if (ascii(bytes, 0, 4) === 'qoif') return { kind: 'image', format: 'qoi' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { kind: 'image', format: 'tiff' };
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])) return { kind: 'unsupported-image', description: 'BigTIFF' };
  // BMP: "BM" plus a known DIB header size, so text starting with "BM" is not mistaken for a bitmap.
  if (ascii(bytes, 0, 2) === 'BM' && [12, 16, 40, 52, 56, 64, 108, 124].includes(u32le(bytes, 14))) return { kind: 'image', format: 'bmp' };
  if (startsWith(bytes, [0, 0, 1, 0]) && u16le(bytes, 4) > 0 && bytes[6 + 3] === 0) return { kind: 'image', format: 'ico' };
  if (startsWith(bytes, [0, 0, 2, 0]) && u16le(bytes, 4) > 0) return { kind: 'unsupported-image', description: 'a Windows cursor (CUR)' };
  const iso = sniffIsoBmff(bytes);
  if (iso) return iso;
  if (startsWith(bytes, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(bytes, [0xff, 0x4f, 0xff, 0x51])) return { kind: 'unsupported-image', description: 'JPEG 2000' };
  if (ascii(bytes, 0, 4) === '8BPS') return { kind: 'unsupported-image', description: 'a Photoshop document (PSD)' };
  if (startsWith(bytes, [0x76, 0x2f, 0x31, 0x01])) return { kind: 'unsupported-image', description: 'OpenEXR' };
  if (ascii(bytes, 0, 4) === 'DDS ') return { kind: 'unsupported-image', description: 'DirectDraw Surface (DDS)' };
  if (ascii(bytes, 0, 4) === '%PDF') return { kind: 'not-an-image', description: 'a PDF document' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'not-an-image', description: 'a ZIP archive (or an Office document)' };
  if (startsWith(bytes, [0x1f, 0x8b])) return { kind: 'not-an-image', description: 'a gzip archive' };
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { kind: 'not-an-image', description: 'a 7-Zip archive' };
  if (ascii(bytes, 0, 4) === 'Rar!') return { kind: 'not-an-image', description: 'a RAR archive' };
  if (ascii(bytes, 0, 4) === 'RIFF') return { kind: 'not-an-image', description: `a RIFF file (${/^[\x20-\x7e]{4}$/.test(ascii(bytes, 8, 4)) ? ascii(bytes, 8, 4).trim() || 'unknown type' : `type ${fourcc(ascii(bytes, 8, 4))}`}), not WebP` };
  if (ascii(bytes, 0, 3) === 'ID3' || startsWith(bytes, [0xff, 0xfb])) return { kind: 'not-an-image', description: 'an MP3 audio file' };
  if (ascii(bytes, 0, 4) === '\x7fELF' || ascii(bytes, 0, 2) === 'MZ') return { kind: 'not-an-image', description: 'a program' };
  if (startsWith(bytes, [0x00, 0x61, 0x73, 0x6d])) return { kind: 'not-an-image', description: 'a WebAssembly module' };
  return sniffText(bytes);
}
