/** Small, bounds-checked readers over a byte array, shared by the header and metadata parsers. */
import { MAX_ISO_BOXES } from './parse-limits.ts';

export const ascii = (bytes: Uint8Array, start: number, length: number): string => {
  let text = '';
  for (let i = start; i < start + length && i < bytes.length; i += 1) text += String.fromCharCode(bytes[i] ?? 0);
  return text;
};

/** A four-character code for a message: quoted when printable, else as hex (a damaged file's type bytes are noise). */
export function fourcc(type: string): string {
  if (/^[\x20-\x7e]{4}$/.test(type)) return `"${type}"`;
  return `0x${Array.from(type, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}

export const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((value, i) => bytes[at + i] === value);

export const u16be = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
export const u16le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
export const u24le = (b: Uint8Array, at: number): number => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
export const u32be = (b: Uint8Array, at: number): number => (((b[at] ?? 0) << 24) >>> 0) + (((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0));
export const u32le = (b: Uint8Array, at: number): number => (((b[at + 3] ?? 0) << 24) >>> 0) + (((b[at + 2] ?? 0) << 16) | ((b[at + 1] ?? 0) << 8) | (b[at] ?? 0));
/** A big-endian unsigned field of 0, 2, 4 or 8 bytes (the variable sizes of ISO BMFF 'iloc'). */
export function readSized(b: Uint8Array, at: number, size: number): number {
  if (size === 0) return 0;
  if (size === 8) return u32be(b, at) * 2 ** 32 + u32be(b, at + 4);
  return size === 4 ? u32be(b, at) : u16be(b, at);
}
export const i32le = (b: Uint8Array, at: number): number => u32le(b, at) | 0;

export function writeU16be(b: Uint8Array, at: number, value: number): void {
  b[at] = (value >>> 8) & 0xff;
  b[at + 1] = value & 0xff;
}
export function writeU32be(b: Uint8Array, at: number, value: number): void {
  b[at] = (value >>> 24) & 0xff;
  b[at + 1] = (value >>> 16) & 0xff;
  b[at + 2] = (value >>> 8) & 0xff;
  b[at + 3] = value & 0xff;
}
export function writeU32le(b: Uint8Array, at: number, value: number): void {
  b[at] = value & 0xff;
  b[at + 1] = (value >>> 8) & 0xff;
  b[at + 2] = (value >>> 16) & 0xff;
  b[at + 3] = (value >>> 24) & 0xff;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A real copy (Node's Buffer#slice would return a view). */
export const copyBytes = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);

export const asciiBytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG chunks use it. */
export function crc32(parts: readonly Uint8Array[]): number {
  let crc = 0xffffffff;
  for (const part of parts) for (const byte of part) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** ISO BMFF boxes (AVIF, HEIC, JPEG XL container): one level of children within [start, end). */
export interface IsoBox {
  readonly type: string;
  /** Offset of the box header. */
  readonly start: number;
  /** Offset of the payload (after size, type and any 64-bit size). */
  readonly payload: number;
  readonly end: number;
}

/** At most `max` boxes are listed (src/lib/iso-structure.ts refuses files with more before anything else reads them). */
export function isoBoxes(bytes: Uint8Array, start: number, end: number, max = MAX_ISO_BOXES): IsoBox[] {
  const boxes: IsoBox[] = [];
  let at = start;
  while (at + 8 <= end && boxes.length < max) {
    let size = u32be(bytes, at);
    const type = ascii(bytes, at + 4, 4);
    let payload = at + 8;
    if (size === 1) {
      if (at + 16 > end) break;
      size = u32be(bytes, at + 8) * 2 ** 32 + u32be(bytes, at + 12);
      payload = at + 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < payload - at) break;
    const boxEnd = Math.min(at + size, end);
    boxes.push({ type, start: at, payload, end: boxEnd });
    if (at + size > end) break;
    at += size;
  }
  return boxes;
}
