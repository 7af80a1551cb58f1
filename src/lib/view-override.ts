/**
 * The live view's per-file settings: what it starts from (the file's effective settings) and what "Apply to this
 * file" stores as an override of the batch settings (only what differs). Pure.
 */
import type { ImageFormat } from '../core/formats.ts';
import type { ToolSettings } from './tool-settings.ts';

export interface TuneChoice {
  readonly format: ImageFormat;
  readonly quality: number;
  /** Options of `format`'s codec. */
  readonly codecOptions: Readonly<Record<string, unknown>>;
}

/** The choice the view starts with; `resolved` is the format the worker writes for "Same as input". */
export function initialChoice(settings: ToolSettings, resolved: ImageFormat): TuneChoice {
  const format = settings.format === 'same' ? resolved : settings.format;
  return { format, quality: settings.quality, codecOptions: settings.codecOptions[format] ?? {} };
}

/** These settings with the choice applied: what the preview encodes. */
export function withChoice(settings: ToolSettings, choice: TuneChoice): ToolSettings {
  return { ...settings, format: choice.format, quality: choice.quality, codecOptions: { ...settings.codecOptions, [choice.format]: choice.codecOptions } };
}

const sameOptions = (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
};

/**
 * The override that makes the batch settings produce this choice, or undefined when they already do. A format equal
 * to what "Same as input" resolves to is not stored, so the file follows later changes of the batch's format.
 */
export function overrideFor(batch: ToolSettings, choice: TuneChoice, resolved: ImageFormat): Partial<ToolSettings> | undefined {
  const batchFormat = batch.format === 'same' ? resolved : batch.format;
  const override: { format?: ToolSettings['format']; quality?: number; codecOptions?: ToolSettings['codecOptions'] } = {};
  if (choice.format !== batchFormat) override.format = choice.format;
  if (choice.quality !== batch.quality) override.quality = choice.quality;
  if (!sameOptions(choice.codecOptions, batch.codecOptions[choice.format] ?? {})) override.codecOptions = { ...batch.codecOptions, [choice.format]: choice.codecOptions };
  return Object.keys(override).length > 0 ? override : undefined;
}
