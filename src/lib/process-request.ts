/**
 * Turns a tool's settings into the engine's request (everything but the bytes):
 * intent only. The worker sniffs the file and resolves "Same as input" itself
 * (src/codecs/registry.ts resolveOutputFormat), so nothing here looks at the file.
 */
import type { ImageFormat } from '../core/formats.ts';
import type { OptionSchema } from '../core/option-schema.ts';
import type { Edits, ProcessRequest, ResizeEdit, SmartMode } from '../core/types.ts';
import type { ToolSettings } from './tool-settings.ts';
import { editRequest } from './edit-settings.ts'; // edit lane

/** What the planner needs of an encoder's meta (src/codecs/encoders/<format>/meta.ts). */
export interface EncoderOptionsInfo {
  readonly format: ImageFormat;
  readonly options: OptionSchema;
  readonly qualityKey?: string;
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
 * The advanced options the user set for the chosen encoder, limited to the keys
 * its schema declares (stored settings may predate a schema change). Quality
 * travels separately, as output.quality. With "Same as input" every file keeps
 * its encoder's defaults: the encoder is only known once the worker sniffed it.
 */
export function codecOptions(settings: ToolSettings, encoder: EncoderOptionsInfo | undefined): Record<string, unknown> | undefined {
  if (!encoder) return undefined;
  // Options with their own control (the PNG mode) travel on their own too.
  const declared = new Set(encoder.options.filter((field) => !field.ownControl).map((field) => field.key).filter((key) => key !== encoder.qualityKey));
  const chosen = Object.entries(settings.codecOptions[encoder.format] ?? {}).filter(([key]) => declared.has(key));
  return chosen.length ? Object.fromEntries(chosen) : undefined;
}

/** Palette lane: the PNG mode, sent only when it differs from the encoder's default (lossless). */
export function pngMode(settings: ToolSettings): { pngMode?: 'palette' } {
  return settings.pngMode === 'palette' ? { pngMode: 'palette' } : {};
}

export type RequestPlan = Omit<ProcessRequest, 'input' | 'name'>;

export function planRequest(settings: ToolSettings, encoders: readonly EncoderOptionsInfo[]): RequestPlan {
  const encoder = settings.format === 'same' ? undefined : encoders.find((candidate) => candidate.format === settings.format);
  const options = codecOptions(settings, encoder);
  const resize = resizeEdit(settings);
  // edit lane: the Edit tool's crop rule, turn and straighten (nothing for the other tools' neutral settings).
  const edit = editRequest(settings.edit);
  const edits: Edits | undefined = resize || edit.edits ? { ...edit.edits, ...(resize ? { resize } : {}) } : undefined;
  return {
    output: { format: settings.format, quality: settings.quality, ...(options ? { codecOptions: options } : {}), ...pngMode(settings) },
    ...(edits ? { edits } : {}),
    ...(edit.lossless ? { lossless: true } : {}),
    metadata: settings.metadata,
    background: settings.background,
    smart: smartMode(settings),
    keepOriginalIfSmaller: settings.keepOriginalIfSmaller,
  };
}
