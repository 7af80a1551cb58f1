/**
 * Every form in which a canary image could leave the browser, and the search
 * for them in recorded traffic and storage. Pure: no Node APIs beyond Buffer
 * (a Uint8Array subclass), no DOM.
 */
import { createHash } from 'node:crypto';

export interface CanarySource {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  /** The text written into the image's EXIF and XMP. */
  readonly metadataText: string;
  /** Decoded pixels, 3 channels (RGB), if the file is lossless. */
  readonly rgbPixels?: Uint8Array;
  /**
   * Another file made the same way from other pixels and another text: any
   * stretch it shares with the canary is format structure (headers, tables,
   * XMP boilerplate) that any image could contain, so it is not searched for.
   */
  readonly decoy?: Uint8Array;
}

export interface Needle {
  readonly form: string;
  readonly fileName: string;
  readonly bytes: Buffer;
}

export interface NeedleOptions {
  /** Distance between sampled windows; a leak longer than step + window is always caught. */
  readonly step: number;
  /** Window length in source bytes. */
  readonly window: number;
  /** Bytes skipped at the start (format headers common to every file of a kind). */
  readonly skip: number;
}

export const DEFAULT_NEEDLE_OPTIONS: NeedleOptions = { step: 128, window: 24, skip: 96 };

function windows(bytes: Uint8Array, options: NeedleOptions, decoy?: Uint8Array): Buffer[] {
  const result: Buffer[] = [];
  const common = decoy ? Buffer.from(decoy) : null;
  for (let offset = Math.min(options.skip, Math.max(0, bytes.length - options.window)); offset + options.window <= bytes.length; offset += options.step) {
    const window = Buffer.from(bytes.subarray(offset, offset + options.window));
    if (!common?.includes(window)) result.push(window);
  }
  return result;
}

/**
 * Base64 of any stretch of the file lines up with the Base64 of the file
 * shifted by 0, 1 or 2 bytes; windows are taken from the inside of each.
 */
function base64Windows(bytes: Uint8Array, options: NeedleOptions, decoy?: Uint8Array): string[] {
  const result: string[] = [];
  const common = decoy ? Buffer.from(decoy) : null;
  const length = Math.ceil((options.window * 4) / 3 / 4) * 4;
  const step = Math.ceil((options.step * 4) / 3 / 4) * 4;
  for (let shift = 0; shift < 3; shift += 1) {
    const encoded = Buffer.from(bytes.subarray(shift)).toString('base64');
    const start = Math.ceil((options.skip * 4) / 3 / 4) * 4;
    for (let offset = start; offset + length + 4 <= encoded.length; offset += step) {
      // Every 4 characters encode 3 bytes, so the window covers a known stretch of the file.
      const from = shift + (offset / 4) * 3;
      if (common?.includes(Buffer.from(bytes.subarray(from, from + (length / 4) * 3)))) continue;
      result.push(encoded.slice(offset, offset + length));
    }
  }
  return result;
}

const toRgba = (rgb: Uint8Array): Uint8Array => {
  const rgba = new Uint8Array((rgb.length / 3) * 4);
  for (let p = 0, q = 0; p + 2 < rgb.length; p += 3, q += 4) {
    rgba[q] = rgb[p] ?? 0;
    rgba[q + 1] = rgb[p + 1] ?? 0;
    rgba[q + 2] = rgb[p + 2] ?? 0;
    rgba[q + 3] = 255;
  }
  return rgba;
};

export function canaryNeedles(sources: readonly CanarySource[], options: NeedleOptions = DEFAULT_NEEDLE_OPTIONS): Needle[] {
  const needles: Needle[] = [];
  const add = (form: string, fileName: string, value: Buffer | string) =>
    needles.push({ form, fileName, bytes: typeof value === 'string' ? Buffer.from(value, 'latin1') : value });
  for (const source of sources) {
    const name = source.fileName;
    add('file name', name, name);
    add('file name (URL-encoded)', name, encodeURIComponent(name));
    add('EXIF/XMP text', name, source.metadataText);
    const digest = createHash('sha256').update(source.bytes).digest();
    add('SHA-256 (hex)', name, digest.toString('hex'));
    add('SHA-256 (HEX)', name, digest.toString('hex').toUpperCase());
    add('SHA-256 (base64)', name, digest.toString('base64').replace(/=+$/, ''));
    add('SHA-256 (base64url)', name, digest.toString('base64url'));
    for (const window of windows(source.bytes, options, source.decoy)) {
      add('raw bytes', name, window);
      add('hex', name, window.toString('hex'));
      add('HEX', name, window.toString('hex').toUpperCase());
    }
    for (const encoded of base64Windows(source.bytes, options, source.decoy)) {
      add('base64', name, encoded);
      if (/[+/]/.test(encoded)) add('base64url', name, encoded.replace(/\+/g, '-').replace(/\//g, '_'));
    }
    if (source.rgbPixels) {
      const pixelOptions = { ...options, skip: 0 };
      for (const run of windows(source.rgbPixels, pixelOptions)) add('decoded pixels (RGB)', name, run);
      const rgba = toRgba(source.rgbPixels);
      for (const run of windows(rgba, { ...pixelOptions, window: 32, step: 128 })) {
        add('decoded pixels (RGBA)', name, run);
        add('decoded pixels (decimal list)', name, Array.from(run.subarray(0, 16)).join(','));
      }
    }
  }
  return needles;
}

/** Decodes %XX escapes (and '+' as space, as forms do) into bytes; leaves anything else as it is. */
export function percentDecode(text: Buffer): Buffer {
  const out = Buffer.alloc(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i += 1) {
    const byte = text[i] ?? 0;
    if (byte === 0x25 && i + 2 < text.length) {
      const hex = text.toString('latin1', i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        out[length++] = parseInt(hex, 16);
        i += 2;
        continue;
      }
    }
    out[length++] = byte === 0x2b ? 0x20 : byte;
  }
  return out.subarray(0, length);
}

export interface CanaryHit {
  readonly form: string;
  readonly fileName: string;
  readonly decoded: boolean;
}

/** The canary forms present in `haystack` (as sent, and after percent-decoding). */
export function findCanaries(haystack: Buffer | string, needles: readonly Needle[]): CanaryHit[] {
  const raw = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  if (raw.length === 0) return [];
  const decoded = raw.includes(0x25) || raw.includes(0x2b) ? percentDecode(raw) : null;
  const hits = new Map<string, CanaryHit>();
  for (const needle of needles) {
    const key = `${needle.form}|${needle.fileName}`;
    if (hits.has(key)) continue;
    if (raw.includes(needle.bytes)) hits.set(key, { form: needle.form, fileName: needle.fileName, decoded: false });
    else if (decoded?.includes(needle.bytes) && !needle.form.startsWith('base64')) hits.set(key, { form: needle.form, fileName: needle.fileName, decoded: true });
    else if (decoded && needle.form === 'base64' && decoded.includes(needle.bytes)) hits.set(key, { form: needle.form, fileName: needle.fileName, decoded: true });
  }
  return [...hits.values()];
}

const IMAGE_SIGNATURES: ReadonlyArray<[string, RegExp]> = [
  ['data: URL of an image', /data:image\//i],
  ['blob: URL', /blob:https?:\/\//i],
  ['PNG (base64)', /iVBORw0KGgo/],
  ['JPEG (base64)', /\/9j\/[0-9A-Za-z+/]{8}/],
  ['WebP/RIFF (base64)', /UklGR[0-9A-Za-z+/]{4}[0-9A-Za-z+/]{2}BXRUJQ/],
  // eslint-disable-next-line no-control-regex -- the PNG signature contains a control byte
  ['PNG bytes', /\x89PNG\r\n\x1a\n/],
  ['JPEG bytes', /\xff\xd8\xff[\xc0-\xfe]/],
  ['WebP bytes', /RIFF[\s\S]{4}WEBP/],
  ['AVIF/HEIF bytes', /ftyp(avif|heic|heix|mif1)/],
];

/** Image-looking content, for places (storage) where no image should be at all. */
export function imageSignatures(haystack: string): string[] {
  return IMAGE_SIGNATURES.filter(([, pattern]) => pattern.test(haystack)).map(([name]) => name);
}
