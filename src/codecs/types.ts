/**
 * One contract for every codec (the Squoosh / jSquash model). An encoder is
 * one folder, src/codecs/encoders/<format>/, holding meta.ts (what it is:
 * plain data, safe on the main thread) and encode.ts (the worker side), and
 * one line in src/codecs/registry.ts. Processors (resize, quantise) live in
 * src/codecs/processors/<id>/ with the same kind of meta. Decoders are
 * modules under src/codecs/decoders/.
 */
import { FORMATS, type ImageFormat } from '../core/formats.ts';
import type { OptionSchema, OptionValues } from '../core/option-schema.ts';
import type { Pixels } from '../core/pixels.ts';
import type { InputFormat } from '../core/types.ts';

/** How an encoder uses cores; the pool counts a job's cost from it. */
export type Threading =
  /** One core, always (no threaded build, or one not worth using: the pool already fills every core). */
  | 'single'
  /** A threaded build on every core when the page is cross-origin isolated; the job counts as every core. */
  | 'all-cores'
  /** 'all-cores' for a job that runs alone; in a batch the single-threaded build on one core (src/lib/encoder-threads.ts). */
  | 'all-cores-when-alone';

/** The largest image the format (or its encoder) can hold. */
export interface EncoderLimits {
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly maxPixels?: number;
}

/** What a processor declares: an operation on pixels with its own options. */
export interface ProcessorMeta<S extends OptionSchema = OptionSchema> {
  readonly id: string;
  readonly label: string;
  readonly options: S;
}

type KeyOf<S extends OptionSchema, Kind extends string> = Extract<S[number], { readonly kind: Kind }>['key'];

export interface EncoderDeclaration<F extends ImageFormat = ImageFormat, S extends OptionSchema = OptionSchema> {
  readonly id: string;
  /** The format written; also the name of the codec's folder. */
  readonly format: F;
  /** The encoder's own name (MozJPEG, OxiPNG…); the format's name is FORMATS[format].label. */
  readonly label: string;
  /** 'both': lossy, with a boolean option (losslessKey) that makes it lossless. */
  readonly compression: 'lossy' | 'lossless' | 'both';
  /** The range option "Quality" and the smart modes set, if any. */
  readonly qualityKey?: KeyOf<S, 'range'>;
  /** The boolean option that makes a 'both' encoder lossless. */
  readonly losslessKey?: KeyOf<S, 'boolean'>;
  readonly supportsAlpha: boolean;
  readonly threading: Threading;
  readonly limits: EncoderLimits;
  /** Whether the tool pages offer it as an output format (the engine encodes every registered codec). */
  readonly offered: boolean;
  readonly options: S;
}

export interface EncoderMeta<F extends ImageFormat = ImageFormat, S extends OptionSchema = OptionSchema> extends EncoderDeclaration<F, S> {
  /** From src/core/formats.ts, so a format's MIME type and extension are written down once. */
  readonly mime: string;
  readonly extension: string;
}

export function defineEncoder<const F extends ImageFormat, const S extends OptionSchema>(declaration: EncoderDeclaration<F, S>): EncoderMeta<F, S> {
  return { ...declaration, mime: FORMATS[declaration.format].mime, extension: FORMATS[declaration.format].extensions[0] };
}

export const defineProcessor = <const S extends OptionSchema>(meta: ProcessorMeta<S>): ProcessorMeta<S> => meta;

/** What an encoder may return instead of the bare bytes: which of its implementations wrote them (native or WASM). */
export interface EncodedOutput {
  readonly output: ArrayBuffer;
  readonly implementation: string;
}

/** The worker side of an encoder (its encode.ts), typed by its meta's option schema. */
export type EncodeFn<M extends EncoderMeta> = (image: Pixels, options: OptionValues<M['options']>) => Promise<ArrayBuffer | EncodedOutput>;

/** What a decode call may be told besides the bytes. */
export interface DecodeHints {
  /**
   * 'srgb' (default): convert to sRGB where the decoder can (the native path does).
   * 'as-stored': leave the encoded values alone, because the ICC profile is carried into the output.
   */
  readonly colour?: 'srgb' | 'as-stored';
  /** SVG only: the size to render at (already checked against maxPixels) and the pixel limit. */
  readonly svg?: { readonly width: number; readonly height: number; readonly maxPixels: number };
}

/** What a decoder returns: the pixels, and notes for the user about what it left out (SVG). */
export type DecodedPixels = Pixels & { readonly notes?: readonly string[] };

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
  decode(bytes: ArrayBuffer, hints?: DecodeHints): Promise<DecodedPixels>;
}
