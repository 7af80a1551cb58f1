/** The codec metas against the native-encoder rules of src/lib/native-encoders.ts. */
import { describe, expect, it } from 'vitest';
import { chooseWebpImplementation, NATIVE_WEBP_SETTINGS, type WebpRequestOptions } from '../lib/native-encoders.ts';
import { defaultOptionValues } from '../lib/option-schema.ts';
import { jpegMeta } from './encoders/jpeg/meta.ts';
import { webpMeta } from './encoders/webp/meta.ts';

describe('native encoders and the codec metas', () => {
  it("has WebP's defaults equal to what Chromium's encoder does, so a plain request takes the native path", () => {
    const defaults = defaultOptionValues(webpMeta.options) as unknown as WebpRequestOptions;
    for (const [key, value] of Object.entries(NATIVE_WEBP_SETTINGS)) expect([key, defaults[key as keyof WebpRequestOptions]]).toEqual([key, value]);
    expect(defaults.implementation).toBe('auto');
    expect(chooseWebpImplementation(defaults, () => true).native).toBe(true);
  });

  it('offers Fast beside MozJPEG, MozJPEG the default, with the measured size cost in the text', () => {
    const field = jpegMeta.options.find((f) => f.key === 'encoder');
    expect(field?.kind).toBe('select');
    expect(field?.default).toBe('mozjpeg');
    expect(field && 'choices' in field ? field.choices.map((c) => c.value) : []).toEqual(['mozjpeg', 'fast']);
    expect(field?.help).toMatch(/\d+ % larger/);
  });
});
