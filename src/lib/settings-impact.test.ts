import { describe, expect, it } from 'vitest';
import { BASE_SETTINGS, type ToolSettings } from './tool-settings.ts';
import { settingsImpact, type ImpactContext, type ResultFacts } from './settings-impact.ts';

const encoders: ImpactContext['encoders'] = [
  { format: 'jpeg', options: [{ key: 'quality', type: 'number', label: 'Quality', min: 0, max: 100, default: 75 }, { key: 'progressive', type: 'boolean', label: 'Progressive', default: true }], qualityKey: 'quality', supportsAlpha: false },
  { format: 'webp', options: [{ key: 'quality', type: 'number', label: 'Quality', min: 0, max: 100, default: 75 }], qualityKey: 'quality', supportsAlpha: true },
  { format: 'png', options: [{ key: 'level', type: 'number', label: 'Level', min: 0, max: 6, default: 2 }], supportsAlpha: true },
] as unknown as ImpactContext['encoders'];
const process: ImpactContext = { mode: 'process', encoders, resolveSame: (input) => (input === 'heic' ? 'jpeg' : input) };
const withSettings = (change: Partial<ToolSettings>): ToolSettings => ({ ...BASE_SETTINGS, ...change });
const png: ResultFacts = { inputFormat: 'png', encoder: 'png', keptOriginal: false };
const jpeg: ResultFacts = { inputFormat: 'jpeg', encoder: 'jpeg', keptOriginal: false };
const pngToJpeg: ResultFacts = { inputFormat: 'png', encoder: 'jpeg', keptOriginal: false };

describe('settingsImpact', () => {
  it('re-runs a quality change only where the encoder has a quality option', () => {
    const after = withSettings({ quality: 40 });
    expect(settingsImpact(BASE_SETTINGS, after, jpeg, process)).toBe('rerun');
    expect(settingsImpact(BASE_SETTINGS, after, png, process)).toBe('none');
    // A kept PNG original stays kept: the PNG encode does not depend on quality.
    expect(settingsImpact(BASE_SETTINGS, after, { ...png, keptOriginal: true }, process)).toBe('none');
    expect(settingsImpact(BASE_SETTINGS, after, { ...jpeg, keptOriginal: true }, process)).toBe('rerun');
  });

  it('knows the encoder of "Same as input" from the previous result even without a resolver', () => {
    const { resolveSame: _ignored, ...noResolver } = process;
    expect(settingsImpact(BASE_SETTINGS, withSettings({ quality: 10 }), png, noResolver)).toBe('none');
    // Switching from an explicit format to "Same as input" cannot be judged without the resolver.
    expect(settingsImpact(withSettings({ format: 'png' }), BASE_SETTINGS, png, noResolver)).toBe('rerun');
    expect(settingsImpact(withSettings({ format: 'png' }), BASE_SETTINGS, png, process)).toBe('none');
  });

  it('re-runs a format change that picks another encoder', () => {
    expect(settingsImpact(BASE_SETTINGS, withSettings({ format: 'webp' }), png, process)).toBe('rerun');
    expect(settingsImpact(BASE_SETTINGS, withSettings({ format: 'png' }), png, process)).toBe('none');
  });

  it('only renames when the file-name template changes', () => {
    expect(settingsImpact(BASE_SETTINGS, withSettings({ filenameTemplate: '{name}-small.{ext}' }), jpeg, process)).toBe('rename');
    expect(settingsImpact(BASE_SETTINGS, withSettings({ filenameTemplate: '{name}-small.{ext}', quality: 5 }), jpeg, process)).toBe('rerun');
    expect(settingsImpact(BASE_SETTINGS, withSettings({ filenameTemplate: '{name}-small.{ext}', quality: 5 }), png, process)).toBe('rename');
  });

  it('re-runs codec options of the encoder in use, and ignores other encoders\' options', () => {
    const webpOut = withSettings({ format: 'jpeg' });
    expect(settingsImpact(webpOut, { ...webpOut, codecOptions: { jpeg: { progressive: false } } }, jpeg, process)).toBe('rerun');
    expect(settingsImpact(webpOut, { ...webpOut, codecOptions: { png: { level: 4 } } }, jpeg, process)).toBe('none');
  });

  it('treats the background as mattering only for an opaque encoder and an input that may be transparent', () => {
    const after = withSettings({ background: '#000000' });
    expect(settingsImpact(BASE_SETTINGS, after, png, process)).toBe('none');
    expect(settingsImpact(BASE_SETTINGS, after, jpeg, process)).toBe('none');
    const toJpeg = withSettings({ format: 'jpeg' });
    expect(settingsImpact(toJpeg, { ...toJpeg, background: '#000000' }, pngToJpeg, process)).toBe('rerun');
    expect(settingsImpact(toJpeg, { ...toJpeg, background: '#000000' }, { ...pngToJpeg, inputHasAlpha: false }, process)).toBe('none');
  });

  it('ignores resize fields while resizing is off, and re-runs when it is on', () => {
    const off = withSettings({ resize: { ...BASE_SETTINGS.resize, width: 800 } });
    expect(settingsImpact(BASE_SETTINGS, off, png, process)).toBe('none');
    const on = withSettings({ resize: { ...BASE_SETTINGS.resize, enabled: true, width: 800 } });
    expect(settingsImpact(BASE_SETTINGS, on, png, process)).toBe('rerun');
  });

  it('ignores the target size unless that smart mode is chosen', () => {
    expect(settingsImpact(BASE_SETTINGS, withSettings({ targetKb: 50 }), jpeg, process)).toBe('none');
    const smart = withSettings({ smart: 'target-size' });
    expect(settingsImpact(smart, { ...smart, targetKb: 50 }, jpeg, process)).toBe('rerun');
    expect(settingsImpact(BASE_SETTINGS, smart, png, process)).toBe('rerun');
  });

  it('re-runs when unsure: no facts, keep-original, metadata, fields it does not know', () => {
    expect(settingsImpact(BASE_SETTINGS, withSettings({ quality: 1 }), undefined, process)).toBe('rerun');
    expect(settingsImpact(BASE_SETTINGS, withSettings({ keepOriginalIfSmaller: false }), png, process)).toBe('rerun');
    expect(settingsImpact(BASE_SETTINGS, withSettings({ metadata: 'keep' }), png, process)).toBe('rerun');
    const added = { ...BASE_SETTINGS, somethingNew: 1 } as unknown as ToolSettings;
    expect(settingsImpact(BASE_SETTINGS, added, png, process)).toBe('rerun');
    expect(settingsImpact(BASE_SETTINGS, BASE_SETTINGS, undefined, process)).toBe('none');
  });

  it('in the Metadata tool, only the metadata choice and unknown fields re-run', () => {
    const metadata: ImpactContext = { mode: 'metadata', encoders };
    expect(settingsImpact(BASE_SETTINGS, withSettings({ quality: 3, format: 'webp' }), undefined, metadata)).toBe('none');
    expect(settingsImpact(BASE_SETTINGS, withSettings({ filenameTemplate: 'clean-{name}.{ext}' }), undefined, metadata)).toBe('rename');
    expect(settingsImpact(BASE_SETTINGS, withSettings({ metadata: 'keep' }), undefined, metadata)).toBe('rerun');
  });
});
