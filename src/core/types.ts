/**
 * The engine's public contract, shared by the main thread (tool islands, the
 * worker pool) and the image worker. Pure types and tiny helpers only: no DOM,
 * no Preact, no worker globals.
 */
import type { ImageFormat } from './formats.ts';

/** Formats the engine can decode: every format of src/core/formats.ts. */
export type InputFormat = ImageFormat;

/** Resampling filters (src/codecs/processors/resize); 'native' is the browser's own scaler. */
export const RESIZE_METHODS = ['lanczos3', 'mitchell', 'catrom', 'triangle', 'hqx', 'native'] as const;
export type ResizeMethod = (typeof RESIZE_METHODS)[number];

/**
 * contain: fit inside the box, keep aspect ratio (may enlarge if allowed)
 * cover:   fill the box, keep aspect ratio, crop the overflow (centred)
 * fill:    stretch to exactly the box
 * inside:  like contain, but never enlarge whatever allowEnlarge says
 */
export type FitMode = 'contain' | 'cover' | 'fill' | 'inside';

export interface ResizeEdit {
  /** Target box; either side may be omitted to keep the aspect ratio. */
  readonly width?: number;
  readonly height?: number;
  /** Alternative to width/height: scale both sides by this percentage. */
  readonly percent?: number;
  readonly fit: FitMode;
  readonly method: ResizeMethod;
  /** Never enlarge unless this is true. */
  readonly allowEnlarge: boolean;
}

export interface CropRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

// --- edit lane: a crop rule resolved per image (the Edit tool's batch crop) ---
/** A 3×3 grid position for an aspect-ratio crop. */
export type CropAnchor = 'top-left' | 'top' | 'top-right' | 'left' | 'center' | 'right' | 'bottom-left' | 'bottom' | 'bottom-right';

/**
 * A crop stated without knowing the image's size, resolved by the worker once it has decoded the image.
 * Coordinates are those of the image as it looks after straighten, rotate and flip (what the editor shows).
 * aspect: the largest rectangle of width:height = ratio, placed at the anchor;
 * relative: percentages (0–100) of the width and height; pixels: exact pixels, clamped to the image.
 */
export type CropRule =
  | { readonly kind: 'aspect'; readonly ratio: number; readonly anchor: CropAnchor }
  /** relative: `ratio` (width / height), when given, is kept inside the rectangle (the largest such box, centred in it). */
  | { readonly kind: 'relative'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly ratio?: number }
  | { readonly kind: 'pixels'; readonly x: number; readonly y: number; readonly width: number; readonly height: number };
// --- end edit lane ---

/**
 * Applied in this order, after EXIF orientation: straighten (then its auto-crop), crop, rotate, flip, resize.
 * Straighten comes first so that the crop, like the editor's crop box, works on the straightened picture.
 */
export interface Edits {
  readonly crop?: CropRect;
  readonly rotate?: 0 | 90 | 180 | 270;
  readonly flipHorizontal?: boolean;
  readonly flipVertical?: boolean;
  readonly resize?: ResizeEdit;
  // --- edit lane ---
  /**
   * Degrees, −45…45, clockwise positive, applied to the upright source before everything else; the result is
   * the largest centred rectangle of the source's aspect ratio inside the turned picture (no empty corners).
   */
  readonly straighten?: number;
  /** Resolved by the worker into `crop` (which must then be absent); see CropRule. */
  readonly cropRule?: CropRule;
  // --- end edit lane ---
}

export type SmartMode =
  | { readonly kind: 'none' }
  /** Largest quality whose output is ≤ maxBytes. */
  | { readonly kind: 'target-size'; readonly maxBytes: number }
  /** Smallest output whose SSIM against the (edited) source is ≥ minSsim. */
  | { readonly kind: 'target-similarity'; readonly minSsim: number };

export interface ProcessRequest {
  /** The file's bytes; transferred to the worker, so the caller's copy is detached. */
  readonly input: ArrayBuffer;
  readonly name: string;
  /**
   * What the caller wants; the worker resolves it once, after sniffing the input, and
   * ProcessResult.format says what it wrote.
   */
  readonly output: {
    /**
     * 'same' keeps the input format when a codec encodes it, else PNG (lossless inputs) or JPEG.
     * A format no codec encodes is refused with 'invalid-options'.
     */
    readonly format: ImageFormat | 'same';
    /** 0–100, set on the chosen codec's quality option (ignored by codecs without one, e.g. PNG). */
    readonly quality?: number;
    /** Options of the chosen codec, validated against its option schema; missing keys take defaults. */
    readonly codecOptions?: Readonly<Record<string, unknown>>;
    // --- palette lane: the PNG mode (issue 11 item 9) ---
    /**
     * How any PNG this job writes is made, whatever chose PNG ("Same as input", SVG → PNG, or PNG itself):
     * 'palette' reduces to at most 256 colours (libimagequant, lossy), 'lossless' keeps every pixel.
     * It decides the PNG encoder's reducePalette option, over codecOptions. Absent: the encoder's default (lossless).
     */
    readonly pngMode?: 'lossless' | 'palette';
    // --- end palette lane ---
  };
  readonly edits?: Edits;
  readonly metadata?: 'strip' | 'keep';
  /** CSS hex colour that transparency is flattened onto for formats without alpha (JPEG). Default #ffffff. */
  readonly background?: string;
  readonly smart?: SmartMode;
  /** Return the input unchanged when the result would be larger and no edit demands re-encoding. */
  readonly keepOriginalIfSmaller?: boolean;
  /** Refuse inputs with more pixels than this (checked from the header, before decoding). */
  readonly maxPixels?: number;
  // --- edit lane ---
  /**
   * Turn and flip a JPEG without re-encoding when the edits are only 90° rotations and flips and the output is
   * JPEG: the EXIF orientation is set and the compressed data is copied byte for byte. Otherwise ignored (the
   * result's notes say that a re-encode was needed).
   */
  readonly lossless?: boolean;
  // --- end edit lane ---
}

export interface QualityAttempt {
  readonly quality: number;
  readonly bytes: number;
  readonly ssim?: number;
}

export interface ProcessResult {
  readonly output: ArrayBuffer;
  /** The format written (the input's own when keptOriginal); mime and extension are that format's. */
  readonly format: ImageFormat;
  readonly mime: string;
  readonly extension: string;
  readonly width: number;
  readonly height: number;
  readonly inputFormat: InputFormat;
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly inputBytes: number;
  /** True when keepOriginalIfSmaller returned the input bytes. */
  readonly keptOriginal: boolean;
  readonly metadata: 'stripped' | 'kept' | 'none';
  /** Present when a smart mode chose the quality. */
  readonly quality?: {
    readonly chosen: number;
    readonly reason: string;
    readonly attempts: readonly QualityAttempt[];
  };
  /** What the decoder could not render, for the user (e.g. an SVG's <foreignObject> or external images). */
  readonly notes?: readonly string[];
  // --- edit lane ---
  /** 'orientation': the input JPEG's compressed data was kept byte for byte and only its EXIF orientation was set. */
  readonly lossless?: 'orientation';
  // --- end edit lane ---
  /** Milliseconds spent in decode, edit and encode, for the UI and the benchmark. */
  readonly timings: { readonly decode: number; readonly edit: number; readonly encode: number };
  // --- honest lane (issue 11 item 3): which file keep-original handed back, and why ---
  /** 'original': the input unchanged; 'stripped-original': the input with its metadata removed losslessly; 'encoded': the new encode. */
  readonly kept?: KeptChoice;
  /** One sentence on that choice; present when keepOriginalIfSmaller was asked. */
  readonly keptReason?: string;
  /** Size of the new encode, when an original was handed back instead of it. */
  readonly encodedBytes?: number;
  // --- end honest lane ---
  // --- native lane (issue 14): which implementation wrote the output ---
  /**
   * E.g. 'native-webp' (the browser's libwebp) or 'wasm-webp', 'mozjpeg' or 'native-jpeg'; the encoder's id for
   * codecs with one implementation. Absent when a smart mode chose the quality, or the original was kept.
   */
  readonly encodedWith?: string;
  // --- end native lane ---
}

/** What keep-original handed back (honest lane). */
export type KeptChoice = 'original' | 'stripped-original' | 'encoded';

export type ImageErrorCode =
  | 'empty'
  | 'not-an-image'
  | 'unsupported'
  | 'corrupt'
  | 'too-large'
  | 'out-of-memory'
  | 'invalid-options'
  | 'encode-failed'
  | 'worker-crashed'
  /** The job ran past its time budget (src/lib/job-budget.ts); its worker was stopped. */
  | 'timeout'
  /** The output would exceed the chosen encoder's dimension limits (checked before decoding). */
  | 'too-large-for-format'
  | 'aborted';

/** Serialisable across postMessage; the pool rethrows it as ImageError. */
export interface ImageErrorData {
  readonly code: ImageErrorCode;
  readonly message: string;
}

export class ImageError extends Error implements ImageErrorData {
  readonly code: ImageErrorCode;
  constructor(code: ImageErrorCode, message: string) {
    super(message);
    this.name = 'ImageError';
    this.code = code;
  }
  toData(): ImageErrorData {
    return { code: this.code, message: this.message };
  }
  static fromData(data: ImageErrorData): ImageError {
    return new ImageError(data.code, data.message);
  }
}

/** What the Metadata tool shows for one file. */
export interface MetadataReport {
  readonly format: InputFormat;
  readonly width: number;
  readonly height: number;
  readonly camera?: string;
  readonly lens?: string;
  readonly takenAt?: string;
  readonly software?: string;
  readonly gps?: { readonly latitude: number; readonly longitude: number; readonly altitude?: number };
  readonly serialNumbers: readonly string[];
  readonly hasThumbnail: boolean;
  readonly icc?: { readonly description: string };
  readonly hasXmp: boolean;
  readonly hasIptc: boolean;
  readonly comments: readonly string[];
  /** Every other tag, flattened to strings, for a "show all" view. */
  readonly all: Readonly<Record<string, string>>;
}

export interface StripResult {
  readonly output: ArrayBuffer;
  /** lossless: metadata segments/chunks removed, image data bytes unchanged; re-encoded: pixels re-encoded. */
  readonly method: 'lossless' | 're-encoded';
  readonly removedBytes: number;
  // --- honest lane (issue 11 item 8): what the strip wrote, so names and notes are right ---
  /** The format written: the input's own, or another one when no encoder writes it (HEIC → JPEG). */
  readonly format?: InputFormat;
  readonly mime?: string;
  /** Without the dot, e.g. "jpg". */
  readonly extension?: string;
  readonly inputFormat?: InputFormat;
  readonly mode?: StripMode;
  /** For mode 'location': what was removed ("the GPS position", …); empty when the file named no place. */
  readonly removed?: readonly string[];
  /** For a re-encode: the quality the encoder used, when it has one. */
  readonly quality?: number;
  // --- end honest lane ---
}

/** 'all': every metadata block; 'location': only GPS and place names, the rest of EXIF stays (honest lane). */
export type StripMode = 'all' | 'location';

/** honest lane: strip() options. */
export interface StripOptions extends JobOptions {
  readonly mode?: StripMode;
}

export interface JobOptions {
  readonly signal?: AbortSignal;
}

/**
 * What tool islands call. Implemented by the worker pool in src/engine/pool.ts
 * (`getEngine()` returns the page's shared instance; workers start lazily).
 * Every method rejects with an ImageError.
 */
export interface ImageEngine {
  process(request: ProcessRequest, options?: JobOptions): Promise<ProcessResult>;
  inspect(input: ArrayBuffer, options?: JobOptions): Promise<MetadataReport>;
  /** Lossless for JPEG, PNG and WebP (no re-encode); other formats are re-encoded (in another format when none writes theirs: StripResult.format says which). */
  strip(input: ArrayBuffer, options?: StripOptions): Promise<StripResult>;
  /** Stops every worker; queued and running jobs reject with code 'aborted'. */
  terminate(): void;
  // --- live-view lane: the live view's session (decoded original cached in one worker) ---
  /**
   * Decodes the file once in a worker of its own and keeps the pixels there until close(): the before side for
   * display (bounded, see ViewImage) and the source every tune() re-encodes. Rejects with an ImageError.
   */
  openView(input: ArrayBuffer, options?: JobOptions): Promise<ViewSession>;
  // --- end live-view lane ---
}

// --- live-view lane: types of the live view (engine.openView) ---

/** Most pixels the live view is sent for one side; larger images are scaled down for display and say so. */
export const VIEW_MAX_PIXELS = 16_000_000;

/** RGBA pixels for display, transferred to the page. */
export interface ViewImage {
  readonly data: ArrayBuffer;
  readonly width: number;
  readonly height: number;
  /** Displayed pixels per image pixel: below 1 when scaled down to VIEW_MAX_PIXELS. */
  readonly scale: number;
}

export interface ViewOpened {
  readonly format: InputFormat;
  /** The decoded, upright original. */
  readonly width: number;
  readonly height: number;
  readonly original: ViewImage;
  readonly notes?: readonly string[];
}

/** What the page wants shown: intent only; the worker decides how much to encode for the preview. */
export interface TuneRequest {
  readonly output: ProcessRequest['output'];
  readonly edits?: Edits;
  readonly background?: string;
  /** The part of the result the page shows, in output pixels; absent: all of it. */
  readonly visible?: CropRect;
  /** As in ProcessRequest; the full encode is a real job of the pool, so its size is the file's. */
  readonly metadata?: 'strip' | 'keep';
}

export interface TuneUpdate {
  /**
   * 'preview': a reduced encode (region or scaled copy) of the kept source in the session's worker, within moments;
   * 'full': the whole image encoded by the pool as the batch would (exact size), decoded in the session's worker.
   */
  readonly kind: 'preview' | 'full';
  readonly format: ImageFormat;
  /** The whole result's size. */
  readonly width: number;
  readonly height: number;
  /** Exact for 'full'; for 'preview' the preview's bytes scaled to the whole result's pixels (an estimate). */
  readonly bytes: number;
  /** The part of the result `image` shows, in output pixels (the whole result for 'full'). */
  readonly region: CropRect;
  /** The encoded result, decoded again in the worker (so JPEG XL and AVIF show in any browser). */
  readonly image: ViewImage;
  /** SSIM of the encoded pixels against the source pixels they were made from (src/lib/ssim.ts). */
  readonly ssim: number;
  /** Milliseconds in the worker: encode, decode for display, SSIM. */
  readonly timings: { readonly encode: number; readonly decode: number; readonly ssim: number };
}

export type TuneListener = (update: TuneUpdate | { readonly kind: 'error'; readonly error: ImageError }) => void;

export interface ViewSession {
  readonly opened: ViewOpened;
  /**
   * Re-encodes with these settings: a preview first, then (unless a newer tune arrives meanwhile) the full encode.
   * A newer tune supersedes an older one: its remaining work is skipped, its full encode cancelled, its updates dropped.
   */
  tune(request: TuneRequest, listener: TuneListener): void;
  /** Stops the session's worker and frees its pixels. */
  close(): void;
}
// --- end live-view lane ---
