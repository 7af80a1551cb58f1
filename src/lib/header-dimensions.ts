/**
 * Width and height read from a file's header, without decoding any pixels, so
 * a tiny file that declares a gigantic image is refused before a decoder
 * allocates memory for it.
 */
import type { InputFormat } from '../core/types.ts';
import { ascii, fourcc, i32le, isoBoxes, startsWith, u16be, u16le, u24le, u32be, u32le, type IsoBox } from './bytes.ts';
import { findSvgRoot, svgDeclaredSize, svgRootOf, type SvgRoot } from './svg-root.ts';

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

export type HeaderResult = ({ readonly ok: true } & Dimensions) | { readonly ok: false; readonly reason: string };

const ok = (width: number, height: number): HeaderResult =>
  width > 0 && height > 0 ? { ok: true, width, height } : { ok: false, reason: `the header declares ${width} × ${height} pixels` };
const fail = (reason: string): HeaderResult => ({ ok: false, reason });

function png(b: Uint8Array): HeaderResult {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return fail('the PNG header (IHDR) is missing or cut short');
  return ok(u32be(b, 16), u32be(b, 20));
}

function gif(b: Uint8Array): HeaderResult {
  if (b.length < 10) return fail('the GIF header is cut short');
  return ok(u16le(b, 6), u16le(b, 8));
}

function bmp(b: Uint8Array): HeaderResult {
  if (b.length < 26) return fail('the BMP header is cut short');
  if (u32le(b, 14) === 12) return ok(u16le(b, 18), u16le(b, 20));
  // Negative height means rows are stored top-down.
  return ok(Math.abs(i32le(b, 18)), Math.abs(i32le(b, 22)));
}

function qoi(b: Uint8Array): HeaderResult {
  if (b.length < 14) return fail('the QOI header is cut short');
  return ok(u32be(b, 4), u32be(b, 8));
}

function jpeg(b: Uint8Array): HeaderResult {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return fail(`the JPEG marker structure is broken at byte ${at}`);
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) { at += 1; continue; } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { at += 2; continue; }
    if (marker === 0xd9 || marker === 0xda) return fail('the JPEG has no frame header (SOF) before its image data');
    const length = u16be(b, at + 2);
    if (length < 2) return fail(`the JPEG segment at byte ${at} has an impossible length`);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (at + 9 > b.length) break;
      const height = u16be(b, at + 5);
      const width = u16be(b, at + 7);
      if (height === 0) return fail('the JPEG declares its height only after the image data (DNL), which is not supported');
      return ok(width, height);
    }
    at += 2 + length;
  }
  return fail('the JPEG is cut short before its frame header (SOF)');
}

function webp(b: Uint8Array): HeaderResult {
  if (b.length < 30) return fail('the WebP header is cut short');
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return ok(u24le(b, 24) + 1, u24le(b, 27) + 1);
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return fail('the lossless WebP signature is wrong');
    const bits = u32le(b, 21);
    return ok((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8 ') {
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return fail('the lossy WebP start code is missing');
    return ok(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  }
  return fail(`the WebP starts with an unknown chunk ${fourcc(chunk)}`);
}

const child = (b: Uint8Array, box: IsoBox, type: string, fullBox = false): IsoBox | undefined =>
  isoBoxes(b, box.payload + (fullBox ? 4 : 0), box.end).find((c) => c.type === type);

/** AVIF/HEIC: the 'ispe' property associated with the primary item (the largest one if that link is missing). */
function heif(b: Uint8Array): HeaderResult {
  const meta = isoBoxes(b, 0, b.length).find((box) => box.type === 'meta');
  if (!meta) return fail('the file has no "meta" box (cut short or not a still image)');
  const iprp = child(b, meta, 'iprp', true);
  const ipco = iprp && child(b, iprp, 'ipco');
  if (!iprp || !ipco) return fail('the item properties (iprp/ipco) are missing');
  const properties = isoBoxes(b, ipco.payload, ipco.end);
  const extents = properties.map((p) => (p.type === 'ispe' && p.payload + 12 <= p.end ? { width: u32be(b, p.payload + 4), height: u32be(b, p.payload + 8) } : null));
  const found = extents.filter((e): e is Dimensions => e !== null);
  if (found.length === 0) return fail('no image size (ispe) property was found');

  const pitm = child(b, meta, 'pitm', true);
  const ipma = child(b, iprp, 'ipma');
  if (pitm && ipma) {
    const primary = b[pitm.payload] === 0 ? u16be(b, pitm.payload + 4) : u32be(b, pitm.payload + 4);
    const version = b[ipma.payload] ?? 0;
    const flags = b[ipma.payload + 3] ?? 0;
    let at = ipma.payload + 4;
    const entries = u32be(b, at);
    at += 4;
    for (let e = 0; e < entries && at < ipma.end; e += 1) {
      const itemId = version < 1 ? u16be(b, at) : u32be(b, at);
      at += version < 1 ? 2 : 4;
      const count = b[at] ?? 0;
      at += 1;
      for (let i = 0; i < count; i += 1) {
        const index = flags & 1 ? u16be(b, at) & 0x7fff : (b[at] ?? 0) & 0x7f;
        at += flags & 1 ? 2 : 1;
        const extent = extents[index - 1];
        if (itemId === primary && extent) return ok(extent.width, extent.height);
      }
    }
  }
  const largest = found.reduce((a, c) => (c.width * c.height > a.width * a.height ? c : a));
  return ok(largest.width, largest.height);
}

function tiff(b: Uint8Array): HeaderResult {
  const little = b[0] === 0x49;
  const r16 = (at: number) => (little ? u16le(b, at) : u16be(b, at));
  const r32 = (at: number) => (little ? u32le(b, at) : u32be(b, at));
  const ifd = r32(4);
  if (ifd < 8 || ifd + 2 > b.length) return fail('the TIFF points to a directory outside the file');
  const count = r16(ifd);
  let width = 0;
  let height = 0;
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > b.length) return fail('the TIFF directory is cut short');
    const tag = r16(entry);
    if (tag !== 256 && tag !== 257) continue;
    const value = r16(entry + 2) === 3 ? r16(entry + 8) : r32(entry + 8);
    if (tag === 256) width = value;
    else height = value;
  }
  if (!width || !height) return fail('the TIFF directory has no image width and height');
  return ok(width, height);
}

/** Reads bits least-significant first, as the JPEG XL codestream stores them. */
class BitReader {
  private position = 0;
  constructor(private readonly bytes: Uint8Array, private readonly start: number) {}
  read(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i += 1) {
      const index = this.start + (this.position >> 3);
      if (index >= this.bytes.length) throw new RangeError('cut short');
      value += (((this.bytes[index] ?? 0) >> (this.position & 7)) & 1) * 2 ** i;
      this.position += 1;
    }
    return value;
  }
}

const JXL_RATIOS: ReadonlyArray<readonly [number, number]> = [[1, 1], [12, 10], [4, 3], [3, 2], [16, 9], [5, 4], [2, 1]];

function jxlCodestreamStart(b: Uint8Array): number {
  if (startsWith(b, [0xff, 0x0a])) return 0;
  for (const box of isoBoxes(b, 0, b.length)) {
    if (box.type === 'jxlc') return box.payload;
    // Partial codestream boxes carry a 4-byte index first.
    if (box.type === 'jxlp') return box.payload + 4;
  }
  return -1;
}

function jxl(b: Uint8Array): HeaderResult {
  const start = jxlCodestreamStart(b);
  if (start < 0 || !startsWith(b, [0xff, 0x0a], start)) return fail('no JPEG XL codestream was found');
  try {
    const bits = new BitReader(b, start + 2);
    const size = (): number => [9, 13, 18, 30][bits.read(2)] ?? 0;
    const small = bits.read(1) === 1;
    const height = small ? (bits.read(5) + 1) * 8 : bits.read(size()) + 1;
    const ratio = bits.read(3);
    let width: number;
    if (ratio === 0) width = small ? (bits.read(5) + 1) * 8 : bits.read(size()) + 1;
    else {
      const [num, den] = JXL_RATIOS[ratio - 1] ?? [1, 1];
      width = Math.floor((height * num) / den);
    }
    return ok(width, height);
  } catch {
    return fail('the JPEG XL size header is cut short');
  }
}

function ico(b: Uint8Array): HeaderResult {
  const count = u16le(b, 4);
  if (b.length < 6 + count * 16) return fail('the ICO directory is cut short');
  let best: Dimensions | null = null;
  for (let i = 0; i < count; i += 1) {
    const entry = 6 + i * 16;
    let size: Dimensions = { width: b[entry] || 256, height: b[entry + 1] || 256 };
    // An entry may hold a whole PNG, whose own header is what the browser will honour.
    const offset = u32le(b, entry + 12);
    if (startsWith(b, [0x89, 0x50, 0x4e, 0x47], offset)) {
      const inner = png(b.subarray(offset));
      if (!inner.ok) return inner;
      size = inner;
    } else if (offset + 12 <= b.length && u32le(b, offset) >= 40) {
      // BMP entries store twice the height (colour plus AND mask).
      size = { width: Math.abs(i32le(b, offset + 4)), height: Math.abs(i32le(b, offset + 8)) / 2 };
    }
    if (!best || size.width * size.height > best.width * best.height) best = size;
  }
  return best ? ok(best.width, best.height) : fail('the ICO holds no images');
}

function svgSize(root: SvgRoot): HeaderResult {
  if (root.kind !== 'svg') return fail('no <svg> element was found');
  const size = svgDeclaredSize(root.attributes);
  return 'unusable' in size ? fail(size.unusable) : ok(size.width, size.height);
}

/** An SVG's intrinsic size (src/lib/svg-root.ts): width/height attributes, else the viewBox, else 300 × 150. */
export const svgIntrinsicSize = (text: string): HeaderResult => svgSize(findSvgRoot(text));

const svg = (b: Uint8Array): HeaderResult => svgSize(svgRootOf(b));

const READERS: Readonly<Record<InputFormat, (bytes: Uint8Array) => HeaderResult>> = {
  png, gif, bmp, qoi, jpeg, webp, avif: heif, heic: heif, tiff, jxl, ico, svg,
};

export function readHeaderDimensions(bytes: Uint8Array, format: InputFormat): HeaderResult {
  return READERS[format](bytes);
}
