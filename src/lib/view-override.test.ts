import { describe, expect, it } from 'vitest';
import { BASE_SETTINGS } from './tool-settings.ts';
import { initialChoice, overrideFor, withChoice } from './view-override.ts';

describe('live view overrides', () => {
  it('starts from the file\'s settings, "Same as input" resolved', () => {
    expect(initialChoice(BASE_SETTINGS, 'jpeg')).toEqual({ format: 'jpeg', quality: 75, codecOptions: {} });
    expect(initialChoice({ ...BASE_SETTINGS, format: 'webp', codecOptions: { webp: { method: 6 } } }, 'jpeg')).toEqual({ format: 'webp', quality: 75, codecOptions: { method: 6 } });
  });
  it('stores only what differs from the batch', () => {
    expect(overrideFor(BASE_SETTINGS, { format: 'jpeg', quality: 75, codecOptions: {} }, 'jpeg')).toBeUndefined();
    expect(overrideFor(BASE_SETTINGS, { format: 'jpeg', quality: 40, codecOptions: {} }, 'jpeg')).toEqual({ quality: 40 });
    expect(overrideFor(BASE_SETTINGS, { format: 'avif', quality: 75, codecOptions: { speed: 8 } }, 'jpeg')).toEqual({ format: 'avif', codecOptions: { avif: { speed: 8 } } });
  });
  it('applies a choice to settings for the preview', () => {
    const applied = withChoice({ ...BASE_SETTINGS, codecOptions: { png: { level: 2 } } }, { format: 'webp', quality: 50, codecOptions: { method: 4 } });
    expect(applied).toMatchObject({ format: 'webp', quality: 50, codecOptions: { png: { level: 2 }, webp: { method: 4 } } });
  });
});
