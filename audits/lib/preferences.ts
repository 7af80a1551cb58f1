/**
 * The only things the site may leave in browser storage: the preference keys
 * it documents (README "The tool pages", /verify/), each with the schema of
 * its value. Everything else in any storage area is a finding. Pure.
 *
 * - `imglio-theme` (localStorage): "light" or "dark" (absent means "system").
 * - `imglio-settings-<tool>` (localStorage), one per tool page: JSON
 *   `{ version: 1, current: <settings>, presets: { <name>: <settings> } }`.
 * - `imglio-unsaved-<tool>` (sessionStorage), one per tool page, only while results are not downloaded:
 *   JSON `{ count: <1…100000> }`, so the next load can say how many results a reload or crash lost.
 *
 * Anything else in sessionStorage, IndexedDB, Cache Storage, the origin private file system,
 * Storage Buckets, cookies and service workers: nothing at all.
 */
import { schemaProblems, type Schema } from './schema.ts';

const FORMATS = ['jpeg', 'png', 'webp', 'avif', 'jxl'] as const;

const PERCENT: Schema = { type: 'number', min: 0, max: 100 };

const SETTINGS: Schema = {
  type: 'object',
  properties: {
    format: { type: 'string', enum: ['same', ...FORMATS] },
    quality: { type: 'number', min: 0, max: 100, integer: true },
    // Encoder options are numbers, booleans or the short value of a select (e.g. "420", "auto").
    codecOptions: {
      type: 'record',
      key: { enum: FORMATS, maxLength: 4 },
      maxEntries: FORMATS.length,
      value: {
        type: 'record',
        key: { pattern: /^[A-Za-z][A-Za-z0-9]*$/, maxLength: 32 },
        maxEntries: 32,
        value: { type: 'oneOf', of: [{ type: 'number', min: -1e6, max: 1e6 }, { type: 'boolean' }, { type: 'string', pattern: /^[A-Za-z0-9_.-]{1,16}$/ }] },
      },
    },
    smart: { type: 'string', enum: ['none', 'target-size', 'target-similarity'] },
    targetKb: { type: 'number', min: 1, max: 1_000_000 },
    targetSimilarity: { type: 'number', min: 0.5, max: 1 },
    keepOriginalIfSmaller: { type: 'boolean' },
    resize: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        by: { type: 'string', enum: ['box', 'percent'] },
        width: { type: 'number', min: 0, max: 16_384, integer: true },
        height: { type: 'number', min: 0, max: 16_384, integer: true },
        percent: { type: 'number', min: 1, max: 1000 },
        fit: { type: 'string', enum: ['contain', 'cover', 'fill', 'inside'] },
        method: { type: 'string', enum: ['lanczos3', 'mitchell', 'catrom', 'triangle', 'hqx', 'native'] },
        allowEnlarge: { type: 'boolean' },
      },
    },
    metadata: { type: 'string', enum: ['strip', 'keep'] },
    // The Metadata tool: remove everything, or only the GPS position and place names.
    stripMode: { type: 'string', enum: ['all', 'location'] },
    background: { type: 'string', pattern: /^#[0-9a-f]{6}$/ },
    // The output file name template: fields in braces, {name} or {index} required.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not be there
    filenameTemplate: { type: 'string', pattern: /^(?=.*\{(name|index)\})(?:[^{}\u0000-\u001f]|\{(?:name|width|height|ext|index|format)\})+$/, maxLength: 200 },
    // Palette lane: how PNG output is made.
    pngMode: { type: 'string', enum: ['lossless', 'palette'] },
    // The Edit tool's crop, turn and straighten (every tool stores the block; only /edit/ changes it).
    edit: {
      type: 'object',
      properties: {
        cropMode: { type: 'string', enum: ['none', 'aspect', 'box'] },
        aspect: { type: 'string', enum: ['free', 'original', '1:1', '4:3', '3:2', '16:9', '9:16', '4:5', 'custom'] },
        customWidth: { type: 'number', min: 0.01, max: 100_000 },
        customHeight: { type: 'number', min: 0.01, max: 100_000 },
        swapped: { type: 'boolean' },
        anchor: { type: 'string', enum: ['top-left', 'top', 'top-right', 'left', 'center', 'right', 'bottom-left', 'bottom', 'bottom-right'] },
        box: { type: 'object', properties: { x: PERCENT, y: PERCENT, width: PERCENT, height: PERCENT } },
        rotate: { type: 'oneOf', of: [0, 90, 180, 270].map((value) => ({ type: 'literal', value }) as const) },
        flipHorizontal: { type: 'boolean' },
        flipVertical: { type: 'boolean' },
        straighten: { type: 'number', min: -45, max: 45 },
        lossless: { type: 'boolean' },
      },
    },
  },
};

export const SETTINGS_SCHEMA: Schema = SETTINGS;

export const STORED_SETTINGS_SCHEMA: Schema = {
  type: 'json',
  schema: {
    type: 'object',
    properties: {
      version: { type: 'literal', value: 1 },
      current: SETTINGS,
      presets: { type: 'record', key: { pattern: /^\S(?:.*\S)?$/, maxLength: 40 }, maxEntries: 20, value: SETTINGS },
    },
  },
};

export const THEME_SCHEMA: Schema = { type: 'string', enum: ['light', 'dark'] };

/** A count and nothing else: no name, size or byte of any image. */
export const UNSAVED_RESULTS_SCHEMA: Schema = {
  type: 'json',
  schema: { type: 'object', properties: { count: { type: 'number', min: 1, max: 100_000, integer: true } } },
};

export interface PreferenceKey {
  readonly area: 'localStorage' | 'sessionStorage';
  readonly key: string;
  readonly schema: Schema;
  readonly what: string;
}

/** The documented keys for a site with these tool pages. */
export function documentedPreferences(toolSlugs: readonly string[]): PreferenceKey[] {
  return [
    { area: 'localStorage', key: 'imglio-theme', schema: THEME_SCHEMA, what: 'the theme chosen with the toggle' },
    ...toolSlugs.map((slug): PreferenceKey => ({ area: 'localStorage', key: `imglio-settings-${slug}`, schema: STORED_SETTINGS_SCHEMA, what: `the ${slug} tool's settings and named presets` })),
    ...toolSlugs.map((slug): PreferenceKey => ({ area: 'sessionStorage', key: `imglio-unsaved-${slug}`, schema: UNSAVED_RESULTS_SCHEMA, what: `how many ${slug} results are not downloaded yet (a count only)` })),
  ];
}

/** Why one key/value found in localStorage or sessionStorage is not allowed; empty when it is a documented preference within its schema. */
export function webStorageProblems(area: 'localStorage' | 'sessionStorage', key: string, value: string, allowed: readonly PreferenceKey[]): string[] {
  const entry = allowed.find((p) => p.area === area && p.key === key);
  if (!entry) return [`${area} "${key}" (${value.length} characters) is not a documented preference key: ${value.length > 80 ? `${JSON.stringify(value.slice(0, 80))}…` : JSON.stringify(value)}`];
  return schemaProblems(entry.schema, value).map((problem) => `${area} "${key}" holds a value outside its schema: ${problem}`);
}
