import { describe, expect, it } from 'vitest';
import { BASE_SETTINGS, emptyStore, sanitizeSettings, savePreset, serializeSettings } from '../../src/lib/tool-settings.ts';
import { tools } from '../../src/tools/registry.ts';
import { serializeUnsaved } from '../../src/lib/unsaved-results.ts';
import { offeredEncoders } from '../../src/codecs/registry.ts';
import { documentedPreferences, STORED_SETTINGS_SCHEMA, webStorageProblems } from './preferences.ts';
import { describeSchema, schemaProblems } from './schema.ts';

const allowed = documentedPreferences(tools.map((t) => t.slug));
const OFFERED = offeredEncoders().map((encoder) => encoder.format);

describe('documented preferences', () => {
  // The audit may not import the site, so its schema is a second statement of the settings type: this keeps them in step.
  it('accepts what every tool page really stores: its defaults, changed settings and presets', () => {
    for (const tool of tools) {
      const defaults = sanitizeSettings({ ...BASE_SETTINGS, ...tool.island?.defaults }, BASE_SETTINGS, OFFERED);
      let store = emptyStore(defaults);
      expect(webStorageProblems('localStorage', `imglio-settings-${tool.slug}`, serializeSettings(store), allowed)).toEqual([]);
      store = { ...store, current: sanitizeSettings({ ...defaults, format: 'avif', quality: 33, metadata: 'keep', codecOptions: { avif: { speed: 4, chromaSubsampling: '444', lossless: true } } }, defaults, OFFERED) };
      store = savePreset(store, 'Web, small');
      // The Edit tool's block, changed the way its editor changes it.
      store = { ...store, current: sanitizeSettings({ ...store.current, edit: { ...store.current.edit, cropMode: 'box', box: { x: 10.5, y: 0, width: 80, height: 90.25 }, aspect: '16:9', rotate: 270, flipVertical: true, straighten: -12.5 } }, defaults, OFFERED) };
      expect(store.current.edit.rotate).toBe(270);
      expect(webStorageProblems('localStorage', `imglio-settings-${tool.slug}`, serializeSettings(store), allowed)).toEqual([]);
    }
    expect(webStorageProblems('localStorage', 'imglio-theme', 'dark', allowed)).toEqual([]);
  });

  it('accepts the unsaved-results count in sessionStorage and nothing more in it', () => {
    expect(webStorageProblems('sessionStorage', 'imglio-unsaved-compress', serializeUnsaved(3) ?? '', allowed)).toEqual([]);
    expect(webStorageProblems('localStorage', 'imglio-unsaved-compress', '{"count":3}', allowed)).toHaveLength(1);
    expect(webStorageProblems('sessionStorage', 'imglio-unsaved-compress', '{"count":3,"names":["holiday.jpg"]}', allowed).join('\n')).toMatch(/property "names" is not in the schema/);
    expect(webStorageProblems('sessionStorage', 'imglio-unsaved-compress', '{"count":2.5}', allowed)).toHaveLength(1);
  });

  it('sanitized garbage still conforms', () => {
    const garbage = sanitizeSettings({ format: 'gif', quality: 'x', resize: { width: -3 }, background: 'red' }, BASE_SETTINGS, OFFERED);
    expect(schemaProblems(STORED_SETTINGS_SCHEMA, JSON.stringify({ version: 1, current: garbage, presets: {} }))).toEqual([]);
  });

  it('refuses an unlisted key, a key in the wrong area, an extra property and a value out of range', () => {
    expect(webStorageProblems('localStorage', 'imglio-last-session', '{"n":1}', allowed)[0]).toMatch(/^localStorage "imglio-last-session" \(7 characters\) is not a documented preference key/);
    expect(webStorageProblems('sessionStorage', 'imglio-theme', 'dark', allowed)).toHaveLength(1);
    const store = JSON.parse(serializeSettings(emptyStore(BASE_SETTINGS))) as { current: Record<string, unknown> };
    store.current['lastFile'] = 'holiday.jpg';
    expect(webStorageProblems('localStorage', 'imglio-settings-compress', JSON.stringify(store), allowed).join('\n')).toMatch(/outside its schema: \$\.current: property "lastFile" is not in the schema/);
    store.current = { ...BASE_SETTINGS, quality: 1000 };
    expect(webStorageProblems('localStorage', 'imglio-settings-compress', JSON.stringify(store), allowed).join('\n')).toMatch(/\$\.current\.quality: 1000 is outside 0…100/);
    expect(webStorageProblems('localStorage', 'imglio-theme', 'sepia', allowed)).toHaveLength(1);
    store.current = { ...BASE_SETTINGS, pngMode: 'lossy' };
    expect(webStorageProblems('localStorage', 'imglio-settings-compress', JSON.stringify(store), allowed).join('\n')).toMatch(/\$\.current\.pngMode/);
    expect(webStorageProblems('localStorage', 'imglio-settings-compress', 'not json', allowed)[0]).toMatch(/not JSON/);
  });

  it('refuses a codec option string that could carry data', () => {
    const store = { version: 1, current: { ...BASE_SETTINGS, codecOptions: { jpeg: { note: 'aGVsbG8gd29ybGQgdGhpcyBpcyBkYXRh' } } }, presets: {} };
    expect(webStorageProblems('localStorage', 'imglio-settings-convert', JSON.stringify(store), allowed).join('\n')).toMatch(/matches none of the allowed forms/);
  });

  it('describes each schema in one line', () => {
    expect(describeSchema(allowed[0]!.schema)).toBe('"light" | "dark"');
    expect(describeSchema(STORED_SETTINGS_SCHEMA)).toMatch(/^JSON \{ version: 1, current: \{ format: "same" \| "jpeg"/);
  });
});
