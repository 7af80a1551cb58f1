import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../core/formats.ts';
import { ImageError } from '../core/types.ts';
import { planRequest } from '../lib/process-request.ts';
import { validateOptions } from '../lib/option-schema.ts';
import { BASE_SETTINGS } from '../lib/tool-settings.ts';
import { assertRequestFitsEncoder, assertWithinEncoderLimits, encoderCodeFolders } from './encode.ts';
import { encoderFor, encoders, isOutputFormat, offeredEncoders, processors, resolveOutputFormat } from './registry.ts';
import { defineEncoder } from './types.ts';

describe('codec registry', () => {
  it('lists each output format and id once', () => {
    expect(encoders.map((e) => e.format)).toEqual(['jpeg', 'png', 'webp', 'avif', 'jxl', 'qoi']);
    expect(new Set(encoders.map((e) => e.id)).size).toBe(encoders.length);
    expect(encoderFor('webp')?.label).toBe('WebP');
    expect(isOutputFormat('gif')).toBe(false);
    expect(offeredEncoders().map((e) => e.format)).toEqual(['jpeg', 'png', 'webp', 'avif', 'jxl']);
  });

  it('finds the worker code of every encoder in the folder named after its format, and no unregistered folder', () => {
    const folders = readdirSync(new URL('./encoders/', import.meta.url), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.sort()).toEqual(encoders.map((e) => e.format).sort());
    expect(encoderCodeFolders().sort()).toEqual(folders.sort());
  });

  for (const encoder of encoders) {
    it(`${encoder.label}: schema defaults validate, keys are unique, quality and lossless keys fit, facts come from the formats table`, () => {
      const keys = encoder.options.map((field) => field.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(validateOptions(encoder.options, {}).ok).toBe(true);
      for (const field of encoder.options) {
        if (field.kind === 'range') {
          expect(field.min).toBeLessThanOrEqual(field.default);
          expect(field.default).toBeLessThanOrEqual(field.max);
        }
        if (field.kind === 'select') expect(field.choices.map((c) => c.value)).toContain(field.default);
      }
      const find = (key: string | undefined) => encoder.options.find((f) => f.key === key);
      expect(Boolean(encoder.qualityKey)).toBe(encoder.compression !== 'lossless');
      if (encoder.qualityKey) expect(find(encoder.qualityKey)?.kind).toBe('range');
      expect(Boolean(encoder.losslessKey)).toBe(encoder.compression === 'both');
      if (encoder.losslessKey) expect(find(encoder.losslessKey)?.kind).toBe('boolean');
      expect(encoder.mime).toBe(FORMATS[encoder.format].mime);
      expect(FORMATS[encoder.format].extensions).toContain(encoder.extension);
      expect(encoder.limits.maxWidth).toBeGreaterThan(0);
    });
  }

  it('declares threading once per codec: only AVIF and JPEG XL use threaded builds', () => {
    expect(Object.fromEntries(encoders.map((e) => [e.format, e.threading]))).toEqual({
      jpeg: 'single', png: 'single', webp: 'single', avif: 'all-cores-when-alone', jxl: 'all-cores', qoi: 'single',
    });
  });

  it('refuses sizes a format cannot hold, by its declared limits', () => {
    const webp = encoderFor('webp');
    if (!webp) throw new Error('no WebP encoder');
    expect(() => assertWithinEncoderLimits(webp, 16_383, 100)).not.toThrow();
    expect(() => assertWithinEncoderLimits(webp, 16_384, 100)).toThrow(/^WebP images can be at most 16383 pixels wide; this one would be 16384 × 100\. .*choose JPEG or PNG, which can hold it\.$/);
    expect(() => assertWithinEncoderLimits(webp, 16_384, 100)).toThrow(expect.objectContaining({ code: 'too-large-for-format' }));
  });

  it('declares each encoder\'s dimension limits once, as measured in Chromium', () => {
    expect(Object.fromEntries(encoders.map((e) => [e.format, [e.limits.maxWidth, e.limits.maxHeight]]))).toEqual({
      jpeg: [65_500, 65_500], png: [2_147_483_647, 2_147_483_647], webp: [16_383, 16_383], avif: [65_536, 65_536], jxl: [131_072, 131_072], qoi: [4_294_967_295, 4_294_967_295],
    });
    // Before decoding: a 20000 × 1 strip to WebP is refused from its header; resized to fit, it is not.
    const webp = encoderFor('webp')!;
    expect(() => assertRequestFitsEncoder(webp, { width: 20000, height: 1 }, undefined)).toThrow(/WebP images can be at most 16383 pixels wide; this one would be 20000 × 1/);
    expect(() => assertRequestFitsEncoder(webp, { width: 20000, height: 1 }, { resize: { width: 10000, fit: 'contain', method: 'lanczos3', allowEnlarge: false } })).not.toThrow();
  });

  it('lists the processors beside the codecs, with option schemas that validate', () => {
    expect(processors.map((p) => p.id)).toEqual(['resize', 'quantise']);
    for (const processor of processors) expect(validateOptions(processor.options, {}).ok).toBe(true);
  });
});

describe('resolveOutputFormat (the one rule, applied by the worker)', () => {
  it('keeps an encodable input format, else PNG for lossless inputs and JPEG for the rest', () => {
    expect(resolveOutputFormat('same', 'webp').format).toBe('webp');
    expect(resolveOutputFormat('same', 'qoi').format).toBe('qoi');
    expect(resolveOutputFormat('same', 'gif').format).toBe('png');
    expect(resolveOutputFormat('same', 'tiff').format).toBe('png');
    expect(resolveOutputFormat('same', 'heic').format).toBe('jpeg');
    expect(resolveOutputFormat('avif', 'png').format).toBe('avif');
  });
  it('refuses a format no codec writes', () => {
    expect(() => resolveOutputFormat('bmp', 'png')).toThrow(ImageError);
    expect(() => resolveOutputFormat('bmp', 'png')).toThrow('No encoder for bmp; available: jpeg, png, webp, avif, jxl, qoi');
  });
});

describe('a hypothetical codec: one folder (meta.ts + encode.ts) and one registry line', () => {
  // What src/codecs/encoders/bmp/meta.ts would hold; adding `bmpMeta` to `encoders` is the registry line.
  const bmpMeta = defineEncoder({
    id: 'bmp', format: 'bmp', label: 'BMP', compression: 'lossless', supportsAlpha: true, threading: 'single',
    limits: { maxWidth: 2_147_483_647, maxHeight: 2_147_483_647 }, offered: true,
    options: [{ kind: 'boolean', key: 'topDown', label: 'Top-down rows', default: false }],
  });
  const registry = [...encoders, bmpMeta];

  it('is resolved by the worker, offered by the settings UI and planned with its own options', () => {
    expect(resolveOutputFormat('same', 'bmp', registry).format).toBe('bmp');
    expect(offeredEncoders(registry).map((e) => e.format)).toContain('bmp');
    expect(bmpMeta.mime).toBe('image/bmp');
    const plan = planRequest({ ...BASE_SETTINGS, format: 'bmp', codecOptions: { bmp: { topDown: true, stale: 1 } } }, registry);
    expect(plan.output).toEqual({ format: 'bmp', quality: BASE_SETTINGS.quality, codecOptions: { topDown: true } });
  });
});
