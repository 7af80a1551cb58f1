/**
 * How long a job may run before the watchdog (src/engine/pool.ts) stops its worker. Pure: from the header's size,
 * the input format (what its decoder costs), the output codec and its settings (what an encode costs), and the
 * number of encodes a smart mode makes.
 *
 * The tables are seconds per megapixel at about six times what one core of the 2-core development machine measured
 * when quiet (BENCHMARKS.md: MozJPEG and WebP ≈ 10 MP/s, AVIF speed 6 ≈ 1.6 MP/s single-threaded; a 100 MP JPEG
 * decodes in ≈ 1 s), times SLOW_MACHINE: with the same 2 cores overloaded (load average 14–18) jobs ran about six
 * times slower than quiet, and such a run must still finish. A 100 MP JPEG → AVIF gets about 20 minutes for its
 * encode where it takes about 1 on a quiet machine here; a small hostile file gets the base plus little (tens of
 * seconds).
 *
 * Each step has its own share: the decode must finish within the base plus the decode share, the edits within
 * theirs, the encode within its own, so a file built to stall a decoder does not get the encoder's minutes.
 */
import { formatLabel, type ImageFormat } from '../core/formats.ts';

/** Until the worker has read the header (sniff + size), which is cheap and bounded. */
export const HEADER_BUDGET_MS = 10_000;
/** Extra time for a worker that is still loading its code when it gets the job. */
export const STARTUP_BUDGET_MS = 30_000;
/** Every step gets this much besides its per-megapixel share: codec start-up (WASM compile), transfers, GC. */
export const BASE_BUDGET_MS = 15_000;
/** No step runs longer than this, whatever the size and settings. */
export const MAX_BUDGET_MS = 60 * 60_000;
/**
 * Loading and compiling a codec's WebAssembly (and starting its threads) happens inside the step that first uses
 * it, in a fresh worker after every replacement. On the overloaded machine a 320 × 240 AVIF encode, mostly that
 * start-up, once took over 16 s: every encode and every WebAssembly/JavaScript decoder gets this much extra.
 */
export const CODEC_STARTUP_MS = 45_000;
const DECODERS_WITH_STARTUP: readonly ImageFormat[] = ['heic', 'jxl', 'qoi', 'tiff'];
/** A busy, slow 2-core machine against the tables' figures (see above). */
export const SLOW_MACHINE = 3;

/** Decoding, seconds per megapixel. The browser decodes JPEG/PNG/WebP/GIF natively; TIFF (UTIF, JavaScript), HEIC, JXL and AVIF are slower. */
const DECODE_S_PER_MP: Record<ImageFormat, number> = {
  jpeg: 0.25, png: 0.3, webp: 0.25, gif: 0.3, bmp: 0.15, ico: 0.15, qoi: 0.2, svg: 0.5,
  avif: 1, heic: 1.5, jxl: 1.5, tiff: 2,
};

/** Crop, rotate, flip and resize, seconds per megapixel of the decoded image. */
const EDIT_S_PER_MP = 0.4;
/** SSIM against the source, per attempt of a target-similarity search. */
const SSIM_S_PER_MP = 0.5;

export type CodecOptions = Readonly<Record<string, unknown>>;

const numberOption = (options: CodecOptions, key: string, fallback: number): number => {
  const value = options[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
};
const pick = (table: readonly number[], index: number): number => table[Math.min(table.length - 1, Math.max(0, Math.round(index)))] as number;

/** One encode, seconds per megapixel of the output, with the codec's own settings. */
export function encodeSecondsPerMegapixel(format: ImageFormat, options: CodecOptions): number {
  switch (format) {
    case 'avif': {
      // libaom: speed 0 is ~40× slower than the default 6.
      const speed = pick([40, 25, 14, 8, 4, 2, 1, 0.8, 0.6, 0.5, 0.5], numberOption(options, 'speed', 6));
      return 4 * speed * (options['lossless'] === true ? 3 : 1) * (options['chromaSubsampling'] === '444' ? 1.3 : 1);
    }
    case 'jxl': {
      const effort = pick([0.2, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1, 3, 10], numberOption(options, 'effort', 7));
      return 6 * effort * (options['lossless'] === true ? 2 : 1);
    }
    case 'webp': {
      const effort = pick([0.4, 0.5, 0.6, 0.8, 1, 1.3, 1.8], numberOption(options, 'effort', 4));
      // Lossless: "quality" is how hard to try; 100 with effort 6 is libwebp's slowest mode.
      const lossless = options['lossless'] === true ? 2 + (6 * numberOption(options, 'quality', 75)) / 100 : 1;
      return 0.6 * effort * lossless * (options['sharpYuv'] === true ? 1.3 : 1);
    }
    case 'png': {
      // OxiPNG is the slow part: the fuzz run saw a 2.4 MP image take 20 s at the default level on the busy machine.
      const level = pick([0.1, 0.5, 1, 1.5, 2.5, 4, 6], numberOption(options, 'optimisation', 2));
      return 8 * level + (options['reducePalette'] === true ? 2 : 0);
    }
    case 'jpeg': {
      const loops = numberOption(options, 'trellisLoops', 1);
      return 0.6 * (1 + (Math.max(1, loops) - 1) * 0.3) * (options['trellisMultipass'] === true ? 2 : 1);
    }
    case 'qoi':
      return 0.3;
    default:
      // A format no encoder writes yet: as slow as the slowest default.
      return 6;
  }
}

export type JobKind = 'process' | 'inspect' | 'strip';
export type SmartKind = 'none' | 'target-size' | 'target-similarity';

export interface JobBudgetFacts {
  readonly kind: JobKind;
  readonly inputFormat: ImageFormat;
  /** The header's size (as stored). */
  readonly width: number;
  readonly height: number;
  readonly inputBytes: number;
  /** process (and strip that re-encodes): what is written. */
  readonly output?: {
    readonly format: ImageFormat;
    /** The codec's options with defaults filled in. */
    readonly options: CodecOptions;
    readonly smart: SmartKind;
    /** Pixels of the output (edits applied); the input's when unknown. */
    readonly pixels?: number;
    readonly edited: boolean;
  };
}

/** Encodes a smart mode makes at most (src/lib/quality-search.ts finds the answer within 7 probes). */
export const SMART_ENCODES = 7;

export interface JobBudget {
  /** The whole job's budget (the sum of the steps'), capped. */
  readonly ms: number;
  /** Each step's own budget, base included: the watchdog re-arms at every step the worker reports. */
  readonly steps: { readonly decode: number; readonly edit: number; readonly encode: number };
  readonly megapixels: number;
  readonly encodes: number;
}

/** Strip of JPEG, PNG and SVG copies bytes; everything else re-encodes in its own format. */
const LOSSLESS_STRIP: readonly ImageFormat[] = ['jpeg', 'png', 'svg'];
/** Metadata walks and bounded inflation, seconds per MB of file. */
const METADATA_S_PER_MB = 1;

export function jobBudget(facts: JobBudgetFacts): JobBudget {
  const megapixels = Math.max(0, facts.width * facts.height) / 1e6;
  const megabytes = facts.inputBytes / 1e6;
  const base = BASE_BUDGET_MS / 1000;
  const step = (seconds: number, startup = 0): number => Math.min(MAX_BUDGET_MS, Math.round((base + SLOW_MACHINE * seconds) * 1000) + startup);
  let encodes = 0;
  let decode: number;
  let edit = 0;
  let encode = 0;
  if (facts.kind === 'inspect' || (facts.kind === 'strip' && LOSSLESS_STRIP.includes(facts.inputFormat))) {
    decode = step(METADATA_S_PER_MB * megabytes);
  } else {
    decode = step(DECODE_S_PER_MP[facts.inputFormat] * megapixels + METADATA_S_PER_MB * megabytes, DECODERS_WITH_STARTUP.includes(facts.inputFormat) ? CODEC_STARTUP_MS : 0);
    const output = facts.output;
    const outputMegapixels = (output?.pixels ?? facts.width * facts.height) / 1e6;
    // Unedited jobs still flatten transparency and copy pixels in this step: a smaller share.
    edit = step((output?.edited ? EDIT_S_PER_MP : EDIT_S_PER_MP / 4) * Math.max(megapixels, outputMegapixels));
    const format = output?.format ?? facts.inputFormat;
    const perEncode = encodeSecondsPerMegapixel(format, output?.options ?? {}) * outputMegapixels;
    const smart = output?.smart ?? 'none';
    encodes = smart === 'none' ? 1 : SMART_ENCODES;
    const similarity = smart === 'target-similarity' ? SMART_ENCODES * (DECODE_S_PER_MP[format] + SSIM_S_PER_MP) * outputMegapixels : 0;
    encode = step(perEncode * encodes + similarity, CODEC_STARTUP_MS);
  }
  return { ms: Math.min(MAX_BUDGET_MS, decode + edit + encode), steps: { decode, edit, encode }, megapixels, encodes };
}

export type WatchedStage = 'header' | 'decode' | 'edit' | 'encode';

const mp = (megapixels: number): string => `${megapixels.toLocaleString('en', { maximumFractionDigits: megapixels < 10 ? 1 : 0 })}-megapixel`;

/** Which codec setting makes an encode slow, and what to change. */
function encodeAdvice(format: ImageFormat): string {
  switch (format) {
    case 'avif':
      return 'raise AVIF Speed, resize the image first, or choose WebP or JPEG';
    case 'jxl':
      return 'lower JPEG XL Effort, resize the image first, or choose WebP or JPEG';
    case 'png':
      return 'lower the OxiPNG optimisation level (Advanced encoder options) or resize the image first';
    case 'webp':
      return 'lower WebP Effort, turn off Lossless, or resize the image first';
    default:
      return 'resize the image first or choose a faster format (JPEG or WebP)';
  }
}

/**
 * The timeout's sentence: what took too long and what to try. `stage` is the last step the worker reported;
 * 'header' means it never even reported the file's size.
 */
export function describeTimeout(facts: Partial<JobBudgetFacts> & { readonly kind: JobKind }, stage: WatchedStage): { readonly what: string; readonly advice: string } {
  const pixels = facts.width && facts.height ? facts.width * facts.height : 0;
  const size = pixels >= 1e6 ? `${mp(pixels / 1e6)} ` : pixels > 0 ? `${facts.width} × ${facts.height} ` : '';
  const input = facts.inputFormat ? formatLabel(facts.inputFormat) : 'image';
  const damaged = 'The file is probably damaged or built to stall image decoders; open it in another program and export it again (as PNG or JPEG).';
  if (stage === 'header') return { what: 'Reading the header of this file', advice: damaged };
  if (facts.kind === 'inspect') return { what: `Reading the metadata of this ${size}${input} file`, advice: damaged };
  if (stage === 'decode') return { what: `Decoding this ${size}${input} image`, advice: damaged };
  if (stage === 'edit') return { what: `Editing (crop, rotate, resize) this ${size}${input} image`, advice: 'Try a smaller output size, another resize method, or fewer files at once.' };
  const output = facts.output;
  const format = output?.format ?? facts.inputFormat;
  const target = format ? formatLabel(format) : 'the chosen format';
  const smart = output && output.smart !== 'none' ? ` (a ${output.smart === 'target-size' ? 'target size' : 'target similarity'} search encodes up to ${SMART_ENCODES} times)` : '';
  const advice = format ? encodeAdvice(format) : 'resize the image first or choose a faster format (JPEG or WebP)';
  return {
    what: `Encoding this ${size}image as ${target}${smart}`,
    advice: `To finish it, ${smart ? 'set a fixed quality instead of the search, or ' : ''}${advice}.`,
  };
}
