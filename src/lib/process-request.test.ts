import { describe, expect, it } from 'vitest';
import type { OptionSchema } from '../core/option-schema.ts';
import { codecOptions, planRequest, resizeEdit, smartMode } from './process-request.ts';
import { BASE_SETTINGS, type ToolSettings } from './tool-settings.ts';

const settings = (change: Partial<ToolSettings> = {}): ToolSettings => ({ ...BASE_SETTINGS, ...change });
const range = (key: string): OptionSchema[number] => ({ kind: 'range', key, label: key, min: 0, max: 100, step: 1, default: 50 });
const webp = { format: 'webp' as const, options: [range('quality'), range('method'), { kind: 'boolean', key: 'lossless', label: 'Lossless', default: false }] as OptionSchema, qualityKey: 'quality' };
const png = { format: 'png' as const, options: [range('level'), range('colours')] };

describe('planRequest', () => {
  it('keeps the advanced options the chosen codec declares; quality travels on its own', () => {
    const s = settings({ format: 'webp', quality: 62, codecOptions: { webp: { method: 6, stale: 1, quality: 10 } } });
    expect(codecOptions(s, webp)).toEqual({ method: 6 });
    expect(codecOptions(s, png)).toBeUndefined();
    // "Same as input": the codec is only known in the worker, so every file keeps its codec's defaults.
    expect(codecOptions(s, undefined)).toBeUndefined();
  });
  it('sends "Same as input" as intent, without looking at the file', () => {
    const plan = planRequest(settings({ format: 'same', quality: 40, codecOptions: { webp: { method: 6 } } }), [webp, png]);
    expect(plan.output).toEqual({ format: 'same', quality: 40 });
  });
  it('builds resize edits only when they change something', () => {
    const resize = BASE_SETTINGS.resize;
    expect(resizeEdit(settings())).toBeUndefined();
    expect(resizeEdit(settings({ resize: { ...resize, enabled: true } }))).toBeUndefined();
    expect(resizeEdit(settings({ resize: { ...resize, enabled: true, width: 800 } }))).toEqual({ width: 800, fit: 'contain', method: 'lanczos3', allowEnlarge: false });
    expect(resizeEdit(settings({ resize: { ...resize, enabled: true, by: 'percent', percent: 25 } }))).toMatchObject({ percent: 25 });
    expect(resizeEdit(settings({ resize: { ...resize, enabled: true, by: 'percent', percent: 100 } }))).toBeUndefined();
  });
  it('maps the smart modes', () => {
    expect(smartMode(settings())).toEqual({ kind: 'none' });
    expect(smartMode(settings({ smart: 'target-size', targetKb: 200 }))).toEqual({ kind: 'target-size', maxBytes: 200_000 });
    expect(smartMode(settings({ smart: 'target-similarity', targetSimilarity: 0.97 }))).toEqual({ kind: 'target-similarity', minSsim: 0.97 });
  });
  it('produces a complete plan', () => {
    const plan = planRequest(settings({ format: 'webp', quality: 50, metadata: 'keep', codecOptions: { webp: { method: 4 } } }), [webp, png]);
    expect(plan).toEqual({
      output: { format: 'webp', quality: 50, codecOptions: { method: 4 } }, metadata: 'keep', background: '#ffffff', smart: { kind: 'none' }, keepOriginalIfSmaller: true,
    });
  });
});

describe('the PNG mode (palette lane)', () => {
  const pngWithPalette = { format: 'png' as const, options: [range('optimisation'), { kind: 'boolean', key: 'reducePalette', label: 'Reduce palette', default: false, ownControl: true }] as OptionSchema };
  it('travels on its own, for "Same as input" too, and only when it is not the lossless default', () => {
    expect(planRequest(settings({ format: 'same', pngMode: 'palette' }), [webp, pngWithPalette]).output).toEqual({ format: 'same', quality: 75, pngMode: 'palette' });
    expect(planRequest(settings({ format: 'png', pngMode: 'palette' }), [webp, pngWithPalette]).output).toMatchObject({ format: 'png', pngMode: 'palette' });
    expect(planRequest(settings({ format: 'png', pngMode: 'lossless' }), [webp, pngWithPalette]).output).not.toHaveProperty('pngMode');
  });
  it('drops a stored reducePalette: the visible PNG mode is the only source of truth', () => {
    const s = settings({ format: 'png', pngMode: 'lossless', codecOptions: { png: { reducePalette: true, optimisation: 3 } } });
    expect(codecOptions(s, pngWithPalette)).toEqual({ optimisation: 3 });
    expect(planRequest(s, [webp, pngWithPalette]).output).toEqual({ format: 'png', quality: 75, codecOptions: { optimisation: 3 } });
  });
});
