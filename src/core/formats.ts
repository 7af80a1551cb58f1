/**
 * Every image format the engine knows, once: its name for people, its MIME
 * type, its file extensions (the first is the one written) and whether its
 * pixels are stored losslessly. Which formats can be *encoded* is the codec
 * registry's knowledge (src/codecs/registry.ts), not this table's.
 */
export const FORMATS = {
  jpeg: { label: 'JPEG', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], lossless: false },
  png: { label: 'PNG', mime: 'image/png', extensions: ['png'], lossless: true },
  webp: { label: 'WebP', mime: 'image/webp', extensions: ['webp'], lossless: false },
  avif: { label: 'AVIF', mime: 'image/avif', extensions: ['avif'], lossless: false },
  gif: { label: 'GIF', mime: 'image/gif', extensions: ['gif'], lossless: true },
  bmp: { label: 'BMP', mime: 'image/bmp', extensions: ['bmp'], lossless: true },
  ico: { label: 'ICO', mime: 'image/x-icon', extensions: ['ico'], lossless: true },
  svg: { label: 'SVG', mime: 'image/svg+xml', extensions: ['svg'], lossless: true },
  jxl: { label: 'JPEG XL', mime: 'image/jxl', extensions: ['jxl'], lossless: false },
  qoi: { label: 'QOI', mime: 'image/qoi', extensions: ['qoi'], lossless: true },
  tiff: { label: 'TIFF', mime: 'image/tiff', extensions: ['tif', 'tiff'], lossless: true },
  heic: { label: 'HEIC/HEIF', mime: 'image/heic', extensions: ['heic', 'heif'], lossless: false },
} as const satisfies Record<string, FormatFacts>;

export interface FormatFacts {
  readonly label: string;
  readonly mime: string;
  readonly extensions: readonly [string, ...string[]];
  /** Inputs stored losslessly become PNG under "Same as input" when their own format cannot be encoded. */
  readonly lossless: boolean;
}

/** A format the engine recognises (sniffed from bytes, never from a name or MIME type). */
export type ImageFormat = keyof typeof FORMATS;

export const IMAGE_FORMATS = Object.keys(FORMATS) as ImageFormat[];

export const isImageFormat = (value: unknown): value is ImageFormat => typeof value === 'string' && Object.hasOwn(FORMATS, value);

export const formatLabel = (format: ImageFormat): string => FORMATS[format].label;

/** The extension written for this format, without the dot. */
export const formatExtension = (format: ImageFormat): string => FORMATS[format].extensions[0];

export const formatMime = (format: ImageFormat): string => FORMATS[format].mime;

/** "JPEG, PNG, WebP" for a list of formats. */
export const formatList = (formats: readonly ImageFormat[]): string => formats.map(formatLabel).join(', ');
