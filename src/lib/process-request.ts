/**
 * Turns a tool's settings into the engine's request (everything but the bytes),
 * so the mapping from the form to the engine is testable without a browser.
 */
import type { Edits, InputFormat, OutputFormat, ResizeEdit, SmartMode } from '../engine/types.ts';
import type { ToolSettings } from './tool-settings.ts';

/** Encoder facts the UI needs, read from the codec registry when it is loaded. */
export interface EncoderInfo {
  readonly format: OutputFormat;
  /** Keys of the codec's option schema. */
  readonly optionKeys: readonly string[];
  readonly qualityKey?: string;
}

/** Formats whose encoder has a quality option when the codec registry is not loaded yet. */
const LOSSY_FORMATS: readonly OutputFormat[] = ['jpeg', 'webp', 'avif', 'jxl'];
const ENCODABLE: readonly string[] = ['jpeg', 'png', 'webp', 'avif', 'jxl', 'qoi'];

/** Mirrors the engine's rule for "Same as input": keep it when encodable, else PNG (lossless) or JPEG (photos). */
export function resolveOutputFormat(choice: ToolSettings['format'], input: InputFormat | undefined): OutputFormat | undefined {
  if (choice !== 'same') return choice;
  if (!input) return undefined;
  if (ENCODABLE.includes(input)) return input as OutputFormat;
  return input === 'heic' ? 'jpeg' : 'png';
}

export function resizeEdit(settings: ToolSettings): ResizeEdit | undefined {
  const { resize } = settings;
  if (!resize.enabled) return undefined;
  const base = { fit: resize.fit, method: resize.method, allowEnlarge: resize.allowEnlarge };
  if (resize.by === 'percent') return resize.percent === 100 ? undefined : { ...base, percent: resize.percent };
  if (!resize.width && !resize.height) return undefined;
  return { ...base, ...(resize.width ? { width: resize.width } : {}), ...(resize.height ? { height: resize.height } : {}) };
}

export function smartMode(settings: ToolSettings): SmartMode {
  if (settings.smart === 'target-size') return { kind: 'target-size', maxBytes: Math.round(settings.targetKb * 1000) };
  if (settings.smart === 'target-similarity') return { kind: 'target-similarity', minSsim: settings.targetSimilarity };
  return { kind: 'none' };
}

/**
 * Codec options for one output format: the advanced options the user set for it,
 * plus "Quality" on the codec's quality key. Keys the codec does not declare are
 * dropped when the schema is known.
 */
export function codecOptions(settings: ToolSettings, format: OutputFormat | undefined, encoder: EncoderInfo | undefined): Record<string, unknown> | undefined {
  if (!format) return undefined;
  const options: Record<string, unknown> = { ...(settings.codecOptions[format] ?? {}) };
  const qualityKey = encoder ? encoder.qualityKey : LOSSY_FORMATS.includes(format) ? 'quality' : undefined;
  if (qualityKey) options[qualityKey] = settings.quality;
  if (encoder) {
    for (const key of Object.keys(options)) if (!encoder.optionKeys.includes(key)) delete options[key];
  }
  return Object.keys(options).length ? options : undefined;
}

export interface RequestPlan {
  readonly output: { readonly format: OutputFormat | 'same'; readonly options?: Readonly<Record<string, unknown>> };
  readonly edits?: Edits;
  readonly metadata: 'strip' | 'keep';
  readonly background: string;
  readonly smart: SmartMode;
  readonly keepOriginalIfSmaller: boolean;
}

export function planRequest(settings: ToolSettings, input: InputFormat | undefined, encoders: readonly EncoderInfo[] | undefined): RequestPlan {
  const format = resolveOutputFormat(settings.format, input);
  const encoder = encoders?.find((e) => e.format === format);
  const options = codecOptions(settings, format, encoder);
  const resize = resizeEdit(settings);
  return {
    output: { format: settings.format, ...(options ? { options } : {}) },
    ...(resize ? { edits: { resize } } : {}),
    metadata: settings.metadata,
    background: settings.background,
    smart: smartMode(settings),
    keepOriginalIfSmaller: settings.keepOriginalIfSmaller,
  };
}
