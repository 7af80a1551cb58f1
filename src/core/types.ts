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
}

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
  /** Lossless for JPEG and PNG (no re-encode); other formats are re-encoded in the same format. */
  strip(input: ArrayBuffer, options?: JobOptions): Promise<StripResult>;
  /** Stops every worker; queued and running jobs reject with code 'aborted'. */
  terminate(): void;
}
