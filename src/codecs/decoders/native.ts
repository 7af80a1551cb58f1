/**
 * The browser's own decoders via createImageBitmap: fastest where they exist
 * (2 MP AVIF: 21 ms here against 290 ms in WASM). `imageOrientation:
 * 'from-image'` applies EXIF orientation and AVIF's irot/imir.
 */
import type { DecoderDefinition } from '../types.ts';
import { bitmapToPixels } from './bitmap.ts';

const decodeNatively: DecoderDefinition['decode'] = async (bytes, hints = {}) => {
  const bitmap = await createImageBitmap(new Blob([bytes]), {
    imageOrientation: 'from-image',
    premultiplyAlpha: 'none',
    // 'none' keeps the encoded values when the ICC profile travels with the output.
    colorSpaceConversion: hints.colour === 'as-stored' ? 'none' : 'default',
  });
  return bitmapToPixels(bitmap);
};

export const nativeDecoder: DecoderDefinition = {
  id: 'native',
  formats: ['jpeg', 'png', 'avif', 'gif', 'bmp', 'ico'],
  label: 'Browser decoder',
  kind: 'native',
  orientation: 'decoder',
  decode: decodeNatively,
};

/** Chromium ignores the EXIF chunk's orientation in WebP (checked by the e2e tests), so decode.ts applies it. */
export const nativeWebpDecoder: DecoderDefinition = {
  id: 'native-webp',
  formats: ['webp'],
  label: 'Browser decoder',
  kind: 'native',
  orientation: 'exif',
  decode: decodeNatively,
};
