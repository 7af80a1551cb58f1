/**
 * The text of an SVG file: UTF-8 (with or without a byte-order mark) or
 * UTF-16 in either byte order (with a BOM, or recognised from `<` being
 * stored as two bytes as the XML specification's appendix F describes).
 */

export type SvgEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How far into a file the sniffer and the size reader look for the root `<svg>` tag. */
export const SVG_PROLOG_LIMIT = 1024 * 1024;

export function svgEncoding(bytes: Uint8Array): SvgEncoding {
  const [a, b] = [bytes[0], bytes[1]];
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  if (a === 0x3c && b === 0x00) return 'utf-16le';
  if (a === 0x00 && b === 0x3c) return 'utf-16be';
  return 'utf-8';
}

/** The first code unit that is neither a BOM nor whitespace, without decoding the file: `<` for markup. */
function firstSignificantChar(bytes: Uint8Array, encoding: SvgEncoding): string | null {
  const step = encoding === 'utf-8' ? 1 : 2;
  let at = 0;
  if (encoding === 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3;
  else if (encoding !== 'utf-8' && (bytes[0] === 0xff || bytes[0] === 0xfe)) at = 2;
  for (let scanned = 0; at + step <= bytes.length && scanned < 4096; at += step, scanned += 1) {
    const unit = encoding === 'utf-8' ? (bytes[at] ?? 0) : encoding === 'utf-16le' ? (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) : ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
    if (unit === 0x20 || unit === 0x09 || unit === 0x0a || unit === 0x0d) continue;
    return String.fromCharCode(unit);
  }
  return null;
}

/** The decoded text (BOM removed), up to `maxBytes` of the file. */
export function decodeSvgText(bytes: Uint8Array, maxBytes = bytes.length): string {
  const encoding = svgEncoding(bytes);
  const end = Math.min(bytes.length, maxBytes) & (encoding === 'utf-8' ? ~0 : ~1);
  // ignoreBOM: false (the default) drops a leading BOM of the chosen encoding.
  return new TextDecoder(encoding).decode(bytes.subarray(0, end));
}

/** The file's first SVG_PROLOG_LIMIT bytes as text, or null when it cannot be markup (cheap on binary files). */
export function svgPrologText(bytes: Uint8Array): string | null {
  const encoding = svgEncoding(bytes);
  if (firstSignificantChar(bytes, encoding) !== '<') return null;
  return decodeSvgText(bytes, SVG_PROLOG_LIMIT);
}
