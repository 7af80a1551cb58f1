import { describe, expect, it } from 'vitest';
import { codecOptions, planRequest, resizeEdit, resolveOutputFormat, smartMode } from './process-request.ts';
import { BASE_SETTINGS, type ToolSettings } from './tool-settings.ts';

const settings = (change: Partial<ToolSettings> = {}): ToolSettings => ({ ...BASE_SETTINGS, ...change });
const webp = { format: 'webp' as const, optionKeys: ['quality', 'method', 'lossless'], qualityKey: 'quality' };
const png = { format: 'png' as const, optionKeys: ['level', 'colours'] };

describe('planRequest', () => {
  it('maps Quality onto the codec quality key and keeps advanced options the codec declares', () => {
    const s = settings({ format: 'webp', quality: 62, codecOptions: { webp: { method: 6, stale: 1 } } });
    expect(codecOptions(s, 'webp', webp)).toEqual({ method: 6, quality: 62 });
    expect(codecOptions(s, 'png', png)).toBeUndefined();
    // Without the registry, lossy formats still get their quality.
    expect(codecOptions(s, 'jpeg', undefined)).toEqual({ quality: 62 });
    expect(codecOptions(s, 'png', undefined)).toBeUndefined();
  });
  it('resolves "Same as input" like the engine does', () => {
    expect(resolveOutputFormat('same', 'webp')).toBe('webp');
    expect(resolveOutputFormat('same', 'gif')).toBe('png');
    expect(resolveOutputFormat('same', 'heic')).toBe('jpeg');
    expect(resolveOutputFormat('same', undefined)).toBeUndefined();
    expect(resolveOutputFormat('avif', 'png')).toBe('avif');
  });
  it('builds resize edits only when they change something', () => {
    const resize = BASE_SETTINGS.resize;
    expect(resizeEdit(settings())).toBeUndefined();
    expect(resizeEdit(settings({ resize: { ...resize, enabled: true } }))).toBeUndefined();
    expect(resizeEdit(settings({ resize: { ...resize, enabled: true, width: 800 } }))).toEqual({ width: 800, fit: 'inside', method: 'lanczos3', allowEnlarge: false });
    expect(resizeEdit(settings({ resize: { ...resize, enabled: true, by: 'percent', percent: 25 } }))).toMatchObject({ percent: 25 });
    expect(resizeEdit(settings({ resize: { ...resize, enabled: true, by: 'percent', percent: 100 } }))).toBeUndefined();
  });
  it('maps the smart modes', () => {
    expect(smartMode(settings())).toEqual({ kind: 'none' });
    expect(smartMode(settings({ smart: 'target-size', targetKb: 200 }))).toEqual({ kind: 'target-size', maxBytes: 200_000 });
    expect(smartMode(settings({ smart: 'target-similarity', targetSimilarity: 0.97 }))).toEqual({ kind: 'target-similarity', minSsim: 0.97 });
  });
  it('produces a complete plan', () => {
    const plan = planRequest(settings({ format: 'webp', quality: 50, metadata: 'keep' }), 'png', [webp, png]);
    expect(plan).toEqual({
      output: { format: 'webp', options: { quality: 50 } }, metadata: 'keep', background: '#ffffff', smart: { kind: 'none' }, keepOriginalIfSmaller: true,
    });
  });
});
