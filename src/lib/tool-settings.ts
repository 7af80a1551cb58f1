/**
 * The settings a tool page remembers, their validation and the shape stored in
 * localStorage (never cookies). Pure: the island does the actual storage calls.
 */
import type { ImageFormat } from '../core/formats.ts';
import { RESIZE_METHODS, type FitMode, type ResizeMethod, type StripMode } from '../core/types.ts';
import { DEFAULT_FILENAME_TEMPLATE, templateProblem } from './filename-template.ts';
import { DEFAULT_EDIT, sanitizeEditSettings, type EditSettings } from './edit-settings.ts'; // edit lane

/** An output format the tool pages offer (the codec registry's `offered` encoders), or 'same'. */
export type FormatChoice = ImageFormat | 'same';
export type SmartChoice = 'none' | 'target-size' | 'target-similarity';
/** Palette lane: how PNG output is made (lossless, or reduced to at most 256 colours). */
export type PngMode = 'lossless' | 'palette';
export const PNG_MODES: readonly PngMode[] = ['lossless', 'palette'];

export interface ResizeSettings {
  readonly enabled: boolean;
  readonly by: 'box' | 'percent';
  /** 0 means "not set": keep the aspect ratio from the other side. */
  readonly width: number;
  readonly height: number;
  readonly percent: number;
  readonly fit: SettingsFitMode;
  readonly method: ResizeMethod;
  /** The one way the settings say "never enlarge": false (the default) keeps small images as they are. */
  readonly allowEnlarge: boolean;
}

/**
 * The engine's 'inside' is 'contain' that never enlarges; the settings say that with
 * allowEnlarge alone, so there is one control for it (stored 'inside' is migrated).
 */
export type SettingsFitMode = Exclude<FitMode, 'inside'>;

export interface ToolSettings {
  readonly format: FormatChoice;
  /** 0–100, mapped onto the encoder's quality option. */
  readonly quality: number;
  /** Advanced encoder options per output format, validated by the engine against the codec's schema. */
  readonly codecOptions: Readonly<Partial<Record<ImageFormat, Readonly<Record<string, unknown>>>>>;
  readonly smart: SmartChoice;
  readonly targetKb: number;
  /** SSIM threshold, 0.5–1. */
  readonly targetSimilarity: number;
  readonly keepOriginalIfSmaller: boolean;
  readonly resize: ResizeSettings;
  readonly metadata: 'strip' | 'keep';
  /** honest lane: the Metadata tool removes everything ('all') or only the GPS position and place names ('location'). */
  readonly stripMode: StripMode;
  /** #rrggbb */
  readonly background: string;
  readonly filenameTemplate: string;
  /** Palette lane: applies to every PNG the tool writes ("Same as input" included). */
  readonly pngMode: PngMode;
  /** edit lane: the Edit tool's crop, turn and straighten (src/lib/edit-settings.ts); neutral for other tools. */
  readonly edit: EditSettings;
}

export const FIT_MODES: readonly SettingsFitMode[] = ['contain', 'cover', 'fill'];
const HEX_COLOUR = /^#[0-9a-f]{6}$/i;
export const MAX_DIMENSION = 16_384;

export const BASE_SETTINGS: ToolSettings = {
  format: 'same',
  quality: 75,
  codecOptions: {},
  smart: 'none',
  targetKb: 200,
  targetSimilarity: 0.95,
  keepOriginalIfSmaller: true,
  resize: { enabled: false, by: 'box', width: 0, height: 0, percent: 50, fit: 'contain', method: 'lanczos3', allowEnlarge: false },
  metadata: 'strip',
  stripMode: 'all',
  background: '#ffffff',
  filenameTemplate: DEFAULT_FILENAME_TEMPLATE,
  pngMode: 'lossless',
  edit: DEFAULT_EDIT, // edit lane
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const pick = <T>(value: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);
const number = (value: unknown, min: number, max: number, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
const bool = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);

/**
 * Keeps every valid field of `raw` and takes the rest from `defaults`; never throws.
 * `outputFormats`: the formats the page offers (from the codec registry).
 */
export function sanitizeSettings(raw: unknown, defaults: ToolSettings, outputFormats: readonly ImageFormat[]): ToolSettings {
  if (!isRecord(raw)) return defaults;
  const resize = isRecord(raw['resize']) ? raw['resize'] : {};
  const codecOptions: Partial<Record<ImageFormat, Record<string, unknown>>> = {};
  if (isRecord(raw['codecOptions'])) {
    for (const [format, options] of Object.entries(raw['codecOptions'])) {
      if (outputFormats.includes(format as ImageFormat) && isRecord(options)) {
        // Only plain values: the engine validates them against the codec's schema.
        const plain = Object.fromEntries(Object.entries(options).filter(([, v]) => ['number', 'boolean', 'string'].includes(typeof v)));
        codecOptions[format as ImageFormat] = plain;
      }
    }
  }
  // Layout lane: an old 'inside' (fit inside, never enlarge) becomes 'contain' with enlarging off.
  const legacyInside = resize['fit'] === 'inside';
  const template = typeof raw['filenameTemplate'] === 'string' && !templateProblem(raw['filenameTemplate']) ? raw['filenameTemplate'] : defaults.filenameTemplate;
  return {
    format: pick<FormatChoice>(raw['format'], ['same', ...outputFormats], defaults.format),
    quality: Math.round(number(raw['quality'], 0, 100, defaults.quality)),
    codecOptions,
    smart: pick(raw['smart'], ['none', 'target-size', 'target-similarity'] as const, defaults.smart),
    targetKb: number(raw['targetKb'], 1, 1_000_000, defaults.targetKb),
    targetSimilarity: number(raw['targetSimilarity'], 0.5, 1, defaults.targetSimilarity),
    keepOriginalIfSmaller: bool(raw['keepOriginalIfSmaller'], defaults.keepOriginalIfSmaller),
    resize: {
      enabled: bool(resize['enabled'], defaults.resize.enabled),
      by: pick(resize['by'], ['box', 'percent'] as const, defaults.resize.by),
      width: Math.round(number(resize['width'], 0, MAX_DIMENSION, defaults.resize.width)),
      height: Math.round(number(resize['height'], 0, MAX_DIMENSION, defaults.resize.height)),
      percent: number(resize['percent'], 1, 1000, defaults.resize.percent),
      fit: legacyInside ? 'contain' : pick(resize['fit'], FIT_MODES, defaults.resize.fit),
      method: pick(resize['method'], RESIZE_METHODS, defaults.resize.method),
      allowEnlarge: legacyInside ? false : bool(resize['allowEnlarge'], defaults.resize.allowEnlarge),
    },
    metadata: pick(raw['metadata'], ['strip', 'keep'] as const, defaults.metadata),
    stripMode: pick(raw['stripMode'], ['all', 'location'] as const, defaults.stripMode),
    background: typeof raw['background'] === 'string' && HEX_COLOUR.test(raw['background']) ? raw['background'].toLowerCase() : defaults.background,
    filenameTemplate: template,
    pngMode: pick(raw['pngMode'], PNG_MODES, defaults.pngMode),
    edit: sanitizeEditSettings(raw['edit'], defaults.edit), // edit lane
  };
}

/** What one tool keeps in localStorage under settingsStorageKey(slug). */
export interface StoredSettings {
  readonly version: 1;
  readonly current: ToolSettings;
  readonly presets: Readonly<Record<string, ToolSettings>>;
}

export const settingsStorageKey = (toolSlug: string): string => `imglio-settings-${toolSlug}`;
export const MAX_PRESETS = 20;
export const MAX_PRESET_NAME = 40;

export function emptyStore(defaults: ToolSettings): StoredSettings {
  return { version: 1, current: defaults, presets: {} };
}

/** Parses what localStorage held; corrupt or foreign data yields the defaults, never an exception. */
export function parseStoredSettings(text: string | null, defaults: ToolSettings, outputFormats: readonly ImageFormat[]): StoredSettings {
  if (!text) return emptyStore(defaults);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyStore(defaults);
  }
  if (!isRecord(raw) || raw['version'] !== 1) return emptyStore(defaults);
  const presets: Record<string, ToolSettings> = {};
  if (isRecord(raw['presets'])) {
    for (const [name, value] of Object.entries(raw['presets']).slice(0, MAX_PRESETS)) {
      const clean = presetNameProblem(name) ? undefined : name.trim();
      if (clean) presets[clean] = sanitizeSettings(value, defaults, outputFormats);
    }
  }
  return { version: 1, current: sanitizeSettings(raw['current'], defaults, outputFormats), presets };
}

export function serializeSettings(store: StoredSettings): string {
  return JSON.stringify(store);
}

export function presetNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Give the preset a name.';
  if (trimmed.length > MAX_PRESET_NAME) return `Preset names can be at most ${MAX_PRESET_NAME} characters.`;
  return undefined;
}

export function savePreset(store: StoredSettings, name: string): StoredSettings {
  const problem = presetNameProblem(name);
  if (problem) throw new Error(problem);
  const key = name.trim();
  if (!(key in store.presets) && Object.keys(store.presets).length >= MAX_PRESETS) {
    throw new Error(`At most ${MAX_PRESETS} presets can be saved; delete one first.`);
  }
  return { ...store, presets: { ...store.presets, [key]: store.current } };
}

export function deletePreset(store: StoredSettings, name: string): StoredSettings {
  const presets = { ...store.presets };
  delete presets[name];
  return { ...store, presets };
}

export function applyPreset(store: StoredSettings, name: string): StoredSettings {
  const preset = store.presets[name];
  return preset ? { ...store, current: preset } : store;
}

/** Reset returns the current settings to the tool's defaults and keeps named presets. */
export function resetSettings(store: StoredSettings, defaults: ToolSettings): StoredSettings {
  return { ...store, current: defaults };
}
