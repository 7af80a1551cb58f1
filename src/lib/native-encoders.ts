/**
 * When the browser's own encoders (OffscreenCanvas.convertToBlob, native
 * libwebp and libjpeg-turbo in Chromium) may write the output instead of the
 * WASM builds, and how their output is tidied to what the WASM encoder writes.
 *
 * Measured in Chromium 14x (BENCHMARKS.md, scripts/bench/native.mjs): for an
 * opaque image, `convertToBlob({ type: 'image/webp', quality: q / 100 })`
 * writes exactly the VP8 bitstream of @jsquash/webp at quality q, method 3
 * and libwebp's defaults otherwise; Chromium only wraps it in VP8X + a
 * 456-byte sRGB ICC profile, which simpleWebp() removes, so the file is byte
 * for byte the WASM encoder's. No other setting can be passed to it, so any
 * other option (lossless, method ≠ 3, sns, filter, sharp YUV) keeps WASM.
 * Transparent images keep WASM too: the canvas stores premultiplied alpha,
 * which would change the colour of semi-transparent pixels.
 */
import { ascii, u32le, writeU32le } from './bytes.ts';
import { webpChunks } from './webp-metadata.ts';

/** Which code wrote an output (ProcessResult.encodedWith). */
export type EncoderImplementation = 'native-webp' | 'wasm-webp' | 'native-jpeg' | 'mozjpeg';

/** libwebp settings Chromium's encoder uses (Skia's SkWebpEncoder: method 3, WebPConfigInit's defaults). */
export const NATIVE_WEBP_SETTINGS = {
  effort: 3,
  sharpYuv: false,
  snsStrength: 50,
  filterStrength: 60,
  filterSharpness: 0,
  autoFilter: false,
} as const;

export interface WebpRequestOptions {
  readonly lossless: boolean;
  readonly quality: number;
  readonly effort: number;
  readonly sharpYuv: boolean;
  readonly snsStrength: number;
  readonly filterStrength: number;
  readonly filterSharpness: number;
  readonly autoFilter: boolean;
  /** 'auto': native when it writes the same bytes; 'wasm': always the WebAssembly build. */
  readonly implementation: 'auto' | 'wasm';
}

export interface NativeDecision {
  readonly native: boolean;
  /** Why not, for the debug field and tests. */
  readonly reason: string;
}

/** Whether a WebP request may go to the browser's encoder; `opaque` (asked last, it scans the pixels): no transparency. */
export function chooseWebpImplementation(options: WebpRequestOptions, opaque: () => boolean): NativeDecision {
  if (options.implementation === 'wasm') return { native: false, reason: 'the WebAssembly encoder was asked for' };
  if (options.lossless) return { native: false, reason: 'lossless' };
  const differing = (Object.keys(NATIVE_WEBP_SETTINGS) as (keyof typeof NATIVE_WEBP_SETTINGS)[]).filter((key) => options[key] !== NATIVE_WEBP_SETTINGS[key]);
  if (differing.length > 0) return { native: false, reason: `the browser's encoder cannot set ${differing.join(', ')}` };
  if (!opaque()) return { native: false, reason: 'the image has transparency' };
  return { native: true, reason: 'same settings as the browser encoder' };
}

/** The quality argument of convertToBlob (0…1) for a 0…100 setting. */
export const blobQuality = (quality: number): number => Math.min(100, Math.max(0, quality)) / 100;

const FLAG_ICC = 0x20;

/**
 * A WebP without the ICC profile Chromium adds: VP8X + ICCP + VP8 becomes the
 * simple VP8 layout when nothing else needs VP8X (no alpha, animation, EXIF
 * or XMP); otherwise only the ICCP chunk and its flag go. Throws on a file
 * that is not RIFF WEBP.
 */
export function simpleWebp(bytes: Uint8Array): Uint8Array {
  const chunks = webpChunks(bytes);
  const vp8x = chunks.find((c) => c.type === 'VP8X');
  if (!vp8x || !chunks.some((c) => c.type === 'ICCP')) return bytes;
  const rest = chunks.filter((c) => c.type !== 'ICCP');
  const image = rest.filter((c) => c.type !== 'VP8X');
  const flags = (vp8x.data[0] ?? 0) & ~FLAG_ICC;
  const lone = image.length === 1 && (image[0]?.type === 'VP8 ' || image[0]?.type === 'VP8L') && flags === 0;
  const kept = lone ? image : rest;
  const body = kept.reduce((sum, c) => sum + c.raw.length, 0);
  const out = new Uint8Array(12 + body);
  out.set(bytes.subarray(0, 12), 0);
  writeU32le(out, 4, 4 + body);
  let at = 12;
  for (const c of kept) {
    out.set(c.raw, at);
    if (c.type === 'VP8X') out[at + 8] = flags;
    at += c.raw.length;
  }
  return out;
}

/** True for a RIFF WEBP file whose first chunk is a VP8/VP8L/VP8X (a sanity check on the browser's blob). */
export function looksLikeWebp(bytes: Uint8Array): boolean {
  return bytes.length >= 20 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP' && ['VP8 ', 'VP8L', 'VP8X'].includes(ascii(bytes, 12, 4)) && u32le(bytes, 4) + 8 <= bytes.length;
}
