/**
 * One contract for every codec (the Squoosh / jSquash model). Each codec is
 * one module under src/codecs/encoders/ or src/codecs/decoders/, listed once
 * in src/codecs/registry.ts. `encode`/`decode` run inside the image worker.
 */
import type { InputFormat, OutputFormat } from '../engine/types.ts';

/** Options a UI can render and that validate input (see src/lib/option-schema.ts). */
export type OptionField =
  | { readonly kind: 'range'; readonly key: string; readonly label: string; readonly min: number; readonly max: number; readonly step: number; readonly default: number; readonly advanced?: boolean; readonly help?: string }
  | { readonly kind: 'boolean'; readonly key: string; readonly label: string; readonly default: boolean; readonly advanced?: boolean; readonly help?: string }
  | { readonly kind: 'select'; readonly key: string; readonly label: string; readonly choices: readonly { readonly value: string; readonly label: string }[]; readonly default: string; readonly advanced?: boolean; readonly help?: string };

export type OptionSchema = readonly OptionField[];

/** RGBA pixels, the same shape as the DOM's ImageData but constructible in any worker. */
export interface Pixels {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

export interface EncoderDefinition {
  readonly id: string;
  readonly format: OutputFormat;
  readonly label: string;
  readonly mime: string;
  readonly extension: string;
  readonly supportsAlpha: boolean;
  readonly options: OptionSchema;
  /** The option key a quality search (target size / similarity) moves, if any. */
  readonly qualityKey?: string;
  encode(image: Pixels, options: Readonly<Record<string, unknown>>): Promise<ArrayBuffer>;
}

/** What a decode call may be told besides the bytes. */
export interface DecodeHints {
  /**
   * 'srgb' (default): convert to sRGB where the decoder can (the native path does).
   * 'as-stored': leave the encoded values alone, because the ICC profile is carried into the output.
   */
  readonly colour?: 'srgb' | 'as-stored';
  /** SVG only: the picture rasterised on the main thread (workers cannot render SVG). */
  readonly raster?: ImageBitmap;
}

export interface DecoderDefinition {
  readonly id: string;
  readonly formats: readonly InputFormat[];
  readonly label: string;
  /** 'native' decoders use createImageBitmap + OffscreenCanvas; EXIF orientation is applied by the browser. */
  readonly kind: 'native' | 'wasm' | 'js';
  /**
   * Who turns the pixels upright: 'decoder' (the browser, or a codec honouring its own
   * container's rotation) or 'exif' (decode.ts reads the EXIF orientation and rotates).
   */
  readonly orientation: 'decoder' | 'exif';
  decode(bytes: ArrayBuffer, hints?: DecodeHints): Promise<Pixels>;
}
