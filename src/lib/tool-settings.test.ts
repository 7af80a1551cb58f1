import { describe, expect, it } from 'vitest';
import {
  applyPreset, BASE_SETTINGS, deletePreset, emptyStore, parseStoredSettings, resetSettings, sanitizeSettings,
  savePreset, serializeSettings, settingsStorageKey, type ToolSettings,
} from './tool-settings.ts';

const defaults: ToolSettings = { ...BASE_SETTINGS, format: 'webp' };
/** What the codec registry offers (src/codecs/registry.ts); lib code is handed the list, it does not import codecs. */
const OUTPUTS = ['jpeg', 'png', 'webp', 'avif', 'jxl'] as const;

describe('sanitizeSettings', () => {
  it('keeps valid fields and replaces invalid ones by the defaults', () => {
    const clean = sanitizeSettings({
      format: 'avif', quality: 140, smart: 'target-size', targetKb: 150, metadata: 'keep', background: '#ABCDEF',
      filenameTemplate: '{name}-{width}.{ext}', resize: { enabled: true, width: 800, fit: 'cover', method: 'bogus', percent: -3 },
      codecOptions: { webp: { method: 6, evil: { nested: true } }, same: { x: 1 }, gif: {} },
    }, defaults, OUTPUTS);
    expect(clean.format).toBe('avif');
    expect(clean.quality).toBe(defaults.quality);
    expect(clean.smart).toBe('target-size');
    expect(clean.metadata).toBe('keep');
    expect(clean.background).toBe('#abcdef');
    expect(clean.filenameTemplate).toBe('{name}-{width}.{ext}');
    expect(clean.resize).toMatchObject({ enabled: true, width: 800, fit: 'cover', method: 'lanczos3', percent: 50 });
    expect(clean.codecOptions).toEqual({ webp: { method: 6 } });
  });
  it('keeps only an output format the page offers', () => {
    expect(sanitizeSettings({ format: 'qoi' }, defaults, OUTPUTS).format).toBe('webp');
    expect(sanitizeSettings({ format: 'same' }, defaults, OUTPUTS).format).toBe('same');
  });
  it('refuses a broken template and a non-hex colour', () => {
    const clean = sanitizeSettings({ filenameTemplate: '{oops}', background: 'red' }, defaults, OUTPUTS);
    expect(clean.filenameTemplate).toBe(defaults.filenameTemplate);
    expect(clean.background).toBe('#ffffff');
  });
  it('says "never enlarge" one way: an old \'inside\' fit becomes \'contain\' with enlarging off', () => {
    const old = sanitizeSettings({ resize: { enabled: true, width: 800, fit: 'inside', allowEnlarge: true } }, defaults, OUTPUTS);
    expect(old.resize).toMatchObject({ fit: 'contain', allowEnlarge: false, width: 800 });
    const chosen = sanitizeSettings({ resize: { fit: 'contain', allowEnlarge: true } }, defaults, OUTPUTS);
    expect(chosen.resize).toMatchObject({ fit: 'contain', allowEnlarge: true });
    expect(sanitizeSettings({ resize: { fit: 'bogus' } }, defaults, OUTPUTS).resize.fit).toBe('contain');
    expect(BASE_SETTINGS.resize).toMatchObject({ fit: 'contain', allowEnlarge: false });
  });
  it('migrates \'inside\' in saved presets too', () => {
    const text = JSON.stringify({ version: 1, current: BASE_SETTINGS, presets: { Old: { ...BASE_SETTINGS, resize: { ...BASE_SETTINGS.resize, fit: 'inside', allowEnlarge: true } } } });
    expect(parseStoredSettings(text, defaults, OUTPUTS).presets['Old']?.resize).toMatchObject({ fit: 'contain', allowEnlarge: false });
  });
  it('returns the defaults for non-objects', () => {
    expect(sanitizeSettings(null, defaults, OUTPUTS)).toBe(defaults);
    expect(sanitizeSettings([1], defaults, OUTPUTS)).toBe(defaults);
  });
});

describe('pngMode (palette lane)', () => {
  it('is lossless unless a tool says otherwise, and keeps only the two known modes', () => {
    expect(BASE_SETTINGS.pngMode).toBe('lossless');
    expect(sanitizeSettings({ pngMode: 'palette' }, defaults, OUTPUTS).pngMode).toBe('palette');
    expect(sanitizeSettings({ pngMode: 'lossless' }, { ...defaults, pngMode: 'palette' }, OUTPUTS).pngMode).toBe('lossless');
    for (const bad of ['PALETTE', 'lossy', 1, true, null, {}]) expect(sanitizeSettings({ pngMode: bad }, { ...defaults, pngMode: 'palette' }, OUTPUTS).pngMode).toBe('palette');
    // Settings stored before the field existed take the tool's default.
    expect(sanitizeSettings({ format: 'png' }, { ...defaults, pngMode: 'palette' }, OUTPUTS).pngMode).toBe('palette');
  });
});

describe('stored settings', () => {
  it('round-trips through JSON', () => {
    let store = emptyStore(defaults);
    store = { ...store, current: { ...defaults, quality: 60 } };
    store = savePreset(store, '  Blog  ');
    const parsed = parseStoredSettings(serializeSettings(store), defaults, OUTPUTS);
    expect(parsed.current.quality).toBe(60);
    expect(Object.keys(parsed.presets)).toEqual(['Blog']);
  });
  it('survives corrupt or foreign data', () => {
    expect(parseStoredSettings('{not json', defaults, OUTPUTS)).toEqual(emptyStore(defaults));
    expect(parseStoredSettings('{"version":2}', defaults, OUTPUTS)).toEqual(emptyStore(defaults));
    expect(parseStoredSettings(null, defaults, OUTPUTS)).toEqual(emptyStore(defaults));
  });
  it('applies, deletes and validates presets; reset keeps them', () => {
    let store = savePreset({ ...emptyStore(defaults), current: { ...defaults, quality: 30 } }, 'Small');
    store = { ...store, current: defaults };
    expect(applyPreset(store, 'Small').current.quality).toBe(30);
    expect(applyPreset(store, 'Missing')).toBe(store);
    expect(() => savePreset(store, '   ')).toThrow(/name/);
    expect(() => savePreset(store, 'x'.repeat(41))).toThrow(/40/);
    const reset = resetSettings({ ...store, current: { ...defaults, quality: 10 } }, defaults);
    expect(reset.current).toBe(defaults);
    expect(Object.keys(reset.presets)).toEqual(['Small']);
    expect(Object.keys(deletePreset(store, 'Small').presets)).toEqual([]);
  });
  it('uses one localStorage key per tool', () => {
    expect(settingsStorageKey('compress')).toBe('imglio-settings-compress');
  });
});
