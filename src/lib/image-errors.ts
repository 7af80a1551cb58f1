/**
 * The typed errors of bad input, with messages a person can act on. Every
 * message names the file's problem specifically; none is a bare "failed".
 */
import { FORMATS, formatLabel, isImageFormat } from '../core/formats.ts';
import { ImageError, type ImageErrorCode, type InputFormat } from '../core/types.ts';

export const SUPPORTED_INPUTS = Object.values(FORMATS).map((facts) => facts.label).join(', ');

/** 120 megapixels: a 100 MP photo fits, a decompression bomb does not. */
export const DEFAULT_MAX_PIXELS = 120_000_000;

const megapixels = (pixels: number): string => `${(pixels / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} megapixels`;

export const emptyFileError = (): ImageError => new ImageError('empty', 'The file is empty (0 bytes): there is no image in it.');

export const notAnImageError = (description?: string): ImageError =>
  new ImageError(
    'not-an-image',
    description
      ? `This is not an image: it looks like ${description}. Supported formats: ${SUPPORTED_INPUTS}.`
      : `This is not an image: its first bytes match no known image format. Supported formats: ${SUPPORTED_INPUTS}.`,
  );

/** `description`: "a Photoshop document (PSD)" (with its article) or a format's name ("JPEG 2000", "BigTIFF"). */
export const unsupportedFormatError = (description: string): ImageError =>
  new ImageError(
    'unsupported',
    /^(?:a|an|the) /i.test(description)
      ? `This file is ${description}, which Imglio cannot read. Supported formats: ${SUPPORTED_INPUTS}.`
      : `Imglio cannot read ${description} images. Supported formats: ${SUPPORTED_INPUTS}.`,
  );

export const corruptError = (format: InputFormat, detail: string): ImageError =>
  new ImageError('corrupt', `This ${formatLabel(format)} file is damaged or incomplete: ${detail}.`);

export const tooLargeError = (width: number, height: number, maxPixels: number): ImageError =>
  new ImageError(
    'too-large',
    `The image is ${width} × ${height} pixels (${megapixels(width * height)}), above the limit of ${megapixels(maxPixels)}. ` +
      'It was refused before decoding. Shrink it with another program first, or raise the limit if your device has the memory.',
  );

export const outOfMemoryError = (format: InputFormat | string, width?: number, height?: number): ImageError =>
  new ImageError(
    'out-of-memory',
    `Ran out of memory while processing this ${isImageFormat(format) ? formatLabel(format) : format} image` +
      (width && height ? ` (${width} × ${height} pixels)` : '') +
      '. Try resizing it to fewer pixels, choosing a lighter output format (WebP or JPEG instead of AVIF or JPEG XL), or processing fewer files at once.',
  );

/** The pixel limit check done on header dimensions, before any decoder runs. */
export function assertWithinPixelLimit(width: number, height: number, maxPixels: number | undefined): void {
  if (maxPixels !== undefined && width * height > maxPixels) throw tooLargeError(width, height, maxPixels);
}

const OUT_OF_MEMORY = /out of memory|\bOOM\b|Cannot enlarge memory|Maximum memory size|Array buffer allocation failed|Invalid typed array length|could not allocate|allocation failed|RangeError: .*(?:array|buffer)/i;

/**
 * True for the errors engines raise when allocation fails (WASM memory growth, typed arrays, canvas).
 * After an encode (or any step on pixels already decoded) a RangeError or a WASM bounds trap counts too:
 * the code was handed valid pixels, so its memory ran out. A decoder raises those on damaged files.
 */
export function looksLikeOutOfMemory(error: unknown, during: 'decode' | 'encode' = 'decode'): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  if (during === 'encode' && (error instanceof RangeError || /memory access out of bounds/i.test(text))) return true;
  return OUT_OF_MEMORY.test(text);
}

/** True when a codec's code could not be fetched (a failed dynamic import(); wording of Chromium, Firefox, Safari). */
export function looksLikeCodeLoadFailure(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|importing a module script failed/i.test(text);
}

/** Codecs come with the page's prefetch; if it could not finish (the network went away), one it missed cannot load offline. */
export const codeUnavailableError = (codec: string): ImageError =>
  new ImageError(
    'encode-failed',
    `The ${codec} codec could not be loaded from the server: you may be offline. Imglio downloads its codecs after the page has loaded, and this one did not arrive; reconnect, then use "Retry failed".`,
  );

// ---------------------------------------------------------------------------------------------------------------
// One error vocabulary: every raw thrown value becomes an ImageError with one of the engine's codes and a sentence a
// person can act on. Library text (it names internals, not the file's problem) never reaches the user.

/** Where a failure happened, with what is known there; the classifier words its sentence from this. */
export type ErrorStage =
  | { readonly stage: 'sniff' }
  | { readonly stage: 'decode'; readonly format: InputFormat; readonly decoder?: string; readonly width?: number; readonly height?: number }
  | { readonly stage: 'edit'; readonly width?: number; readonly height?: number }
  | { readonly stage: 'encode'; readonly codec: string; readonly width?: number; readonly height?: number }
  | { readonly stage: 'inspect'; readonly format?: InputFormat }
  | { readonly stage: 'strip'; readonly format?: InputFormat }
  /** Handing the input to the worker (postMessage with a transfer list). */
  | { readonly stage: 'transfer' }
  /** In the worker, outside any of the above. */
  | { readonly stage: 'worker' };

const CODES: readonly ImageErrorCode[] = ['empty', 'not-an-image', 'unsupported', 'corrupt', 'too-large', 'out-of-memory', 'invalid-options', 'encode-failed', 'worker-crashed', 'timeout', 'too-large-for-format', 'aborted'];

const isCode = (value: unknown): value is ImageErrorCode => typeof value === 'string' && (CODES as readonly string[]).includes(value);

/** Patterns of text that come from a library, an engine or a stack, never from Imglio's own sentences. */
const LIBRARY_TEXT: readonly RegExp[] = [
  /\[object \w+\]/,
  /Cannot read propert(?:y|ies) of (?:undefined|null)/i,
  /Cannot set propert(?:y|ies) of (?:undefined|null)/i,
  /\bis not (?:a function|defined|iterable|a constructor)\b/i,
  /Invalid (?:array|typed array) length/i,
  /Maximum call stack size exceeded/i,
  /too much recursion/i,
  /\bRuntimeError\b/,
  /\bunreachable\b/i,
  /memory access out of bounds/i,
  /Non-origin-clean/i,
  /\bdetached\b/i,
  /DataCloneError|could not be cloned/i,
  /^Encoding error\.?$/i,
  /\babort\(/i,
  /wasm-function\[|\bwasm:\/\//i,
  /\bat \S+ \(?[^\s)]+:\d+:\d+\)?/,
  /\.(?:m?js|ts|wasm):\d+/,
  /^(?:Uncaught )?(?:\w+Error|Error|DOMException)(?::|$)/,
  /\bundefined\b|\bnull\b|\bNaN\b/,
];

const BARE = /^(?:error|failed|failure|unknown error|an error occurred|something went wrong|processing failed|encoding error|decoding error|encode failed|decode failed|internal error)\.?$/i;

/**
 * True when a message is not a sentence a person can act on: empty, bare ("failed", "error"), or carrying library
 * text, a stack fragment or `[object Object]`. The fuzz run counts these; the classifier never produces one.
 */
export function isGenericMessage(message: unknown): boolean {
  if (typeof message !== 'string') return true;
  const text = message.trim();
  if (text.length < 8 || BARE.test(text)) return true;
  return LIBRARY_TEXT.some((pattern) => pattern.test(text));
}

/** The raw value's text, for recognising it (never shown). */
function rawText(raw: unknown): string {
  if (raw instanceof Error) return `${raw.name}: ${raw.message}`;
  if (typeof raw === 'object' && raw !== null) {
    const { name, message } = raw as { name?: unknown; message?: unknown };
    return `${typeof name === 'string' ? name : ''}: ${typeof message === 'string' ? message : ''}`;
  }
  return String(raw);
}

/** What kind of internal failure the raw value shows; it decides the wording, never the library's own text. */
type Symptom = 'stack' | 'trap' | 'length' | 'missing-part' | 'environment' | 'detached' | 'refused' | 'unknown';

function symptomOf(raw: unknown): Symptom {
  const text = rawText(raw);
  if (/Maximum call stack size exceeded|too much recursion/i.test(text)) return 'stack';
  if (/Non-origin-clean|detached|DataCloneError|could not be cloned/i.test(text)) return 'detached';
  if (/\bunreachable\b|RuntimeError|memory access out of bounds|\babort\(|wasm/i.test(text)) return 'trap';
  if (/Invalid (?:array|typed array) length|offset is out(?:side)? of (?:the )?bounds|RangeError/i.test(text)) return 'length';
  if (/Cannot (?:read|set) propert|TypeError|is not iterable|is not a function/i.test(text)) return 'missing-part';
  if (/\b(?:window|document|self|navigator) is not defined|ReferenceError/i.test(text)) return 'environment';
  if (/Encoding error|refused|invalid/i.test(text)) return 'refused';
  return 'unknown';
}

const size = (width?: number, height?: number): string => (width && height ? ` ${width} × ${height}` : '');
const labelOf = (format: InputFormat | undefined): string => (format && isImageFormat(format) ? formatLabel(format) : 'image');

/** Why a decoder could not read a file, in words about the file. */
function decodeReason(symptom: Symptom, decoder: string): string {
  switch (symptom) {
    case 'stack':
      return `its structure nests too deeply or refers back to itself, so ${decoder} gave up`;
    case 'trap':
      return `${decoder} stopped on invalid data inside it`;
    case 'length':
      return 'it declares sizes or counts that do not fit its data';
    case 'missing-part':
      return 'parts its structure refers to are missing';
    default:
      return `${decoder} could not read its image data`;
  }
}

/**
 * Turns any raw thrown value (Error, string, plain object, WASM trap, RangeError, DOMException, undefined) into an
 * ImageError with one of the engine's codes and a specific sentence for the stage it came from. An ImageError with a
 * sentence of its own passes unchanged; one whose message is generic keeps its code and gets the stage's sentence.
 */
export function classifyError(raw: unknown, where: ErrorStage): ImageError {
  const typedCode = raw instanceof ImageError ? raw.code : isCode((raw as { code?: unknown } | null)?.code) ? ((raw as { code: ImageErrorCode }).code) : undefined;
  const typedMessage = typeof (raw as { message?: unknown } | null)?.message === 'string' ? (raw as { message: string }).message : undefined;
  if (typedCode && typedMessage !== undefined && !isGenericMessage(typedMessage)) {
    return raw instanceof ImageError ? raw : new ImageError(typedCode, typedMessage);
  }
  if (typedCode === 'aborted') return new ImageError('aborted', 'The job was cancelled.');
  if (raw instanceof DOMException && raw.name === 'AbortError') return new ImageError('aborted', 'The job was cancelled.');
  if (looksLikeCodeLoadFailure(raw)) return codeUnavailableError(where.stage === 'encode' ? where.codec : where.stage === 'decode' ? formatLabel(where.format) : 'image');

  const symptom = symptomOf(raw);
  switch (where.stage) {
    case 'transfer':
      return new ImageError(
        'invalid-options',
        "This file's bytes were already handed to another job (an input buffer can be used only once, since it is moved to the worker). Read the file again for each job, or add it again.",
      );
    case 'sniff':
      if (looksLikeOutOfMemory(raw)) return new ImageError('out-of-memory', 'Ran out of memory while reading the file header. Close other tabs or process fewer files at once.');
      return new ImageError(typedCode ?? 'corrupt', 'The header of this file could not be read: it is damaged, cut short or not a complete image. Open it in another program to check it, or export it again.');
    case 'decode': {
      if (typedCode === 'out-of-memory' || looksLikeOutOfMemory(raw)) return outOfMemoryError(where.format, where.width, where.height);
      if (symptom === 'environment') {
        return new ImageError('unsupported', `This ${formatLabel(where.format)} file uses a variant (a colour model or compression) that ${where.decoder ?? 'the decoder'} cannot read. Convert it to RGB in another program first, or export it as PNG or JPEG.`);
      }
      return corruptError(where.format, decodeReason(symptom, where.decoder ?? `the ${formatLabel(where.format)} decoder`));
    }
    case 'edit':
      if (typedCode === 'out-of-memory' || looksLikeOutOfMemory(raw, 'encode')) {
        return new ImageError('out-of-memory', `Ran out of memory while editing this${size(where.width, where.height)} image. Resize it to fewer pixels in one step, or process fewer files at once.`);
      }
      return new ImageError(typedCode === 'invalid-options' ? 'invalid-options' : 'encode-failed', `The edits (crop, rotate, flip, resize) could not be applied to this${size(where.width, where.height)} image. Check the crop and resize values, or try another resize method.`);
    case 'encode':
      if (typedCode === 'out-of-memory' || looksLikeOutOfMemory(raw, 'encode')) {
        return new ImageError('out-of-memory', `${where.codec} ran out of memory on this${size(where.width, where.height)} image. Resize it first or choose a lighter format (WebP or MozJPEG).`);
      }
      if (symptom === 'stack' || symptom === 'length' || symptom === 'refused') {
        return new ImageError('encode-failed', `${where.codec} refused to encode this${size(where.width, where.height)} image (its size or settings are outside what the encoder accepts). Resize it, change the advanced settings back to their defaults, or choose another format.`);
      }
      return new ImageError('encode-failed', `${where.codec} stopped while encoding this${size(where.width, where.height)} image. Try again with the default settings, resize it, or choose another format.`);
    case 'inspect':
    case 'strip': {
      if (typedCode === 'out-of-memory' || looksLikeOutOfMemory(raw)) return outOfMemoryError(where.format ?? 'image');
      const what = where.stage === 'inspect' ? 'read' : 'removed';
      return new ImageError(typedCode && typedCode !== 'encode-failed' ? typedCode : 'corrupt', `The metadata of this ${labelOf(where.format)} file could not be ${what}: ${symptom === 'stack' ? 'its metadata nests too deeply or refers back to itself' : 'its metadata blocks are damaged or cut short'}. Convert it instead (Convert strips all metadata).`);
    }
    case 'worker':
      if (typedCode === 'out-of-memory' || looksLikeOutOfMemory(raw, 'encode')) {
        return new ImageError('out-of-memory', 'Ran out of memory while processing this image. Resize it to fewer pixels, choose a lighter output format, or process fewer files at once.');
      }
      return new ImageError(typedCode ?? 'encode-failed', symptom === 'stack' || symptom === 'length' || symptom === 'missing-part'
        ? 'This image could not be processed: its structure is damaged or inconsistent. Open it in another program to check it, or export it again.'
        : 'This image could not be processed because of an internal error in Imglio. Try again; if it keeps failing, convert it to PNG or JPEG in another program first.');
  }
}

/** A job that ran past its time budget (src/lib/job-budget.ts); its worker was stopped and replaced. */
export function timeoutError(what: string, budgetMs: number, advice: string): ImageError {
  return new ImageError('timeout', `${what} took longer than its time limit of ${formatDuration(budgetMs)}, so it was stopped. ${advice}`);
}

/** "12 s", "2 min 5 s" */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
