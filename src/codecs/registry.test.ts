import { describe, expect, it } from 'vitest';
import { validateOptions } from '../lib/option-schema.ts';
import { encoderFor, encoders, isOutputFormat } from './registry.ts';

describe('encoder registry', () => {
  it('lists each output format and id once', () => {
    expect(encoders.map((e) => e.format).sort()).toEqual(['avif', 'jpeg', 'jxl', 'png', 'qoi', 'webp']);
    expect(new Set(encoders.map((e) => e.id)).size).toBe(encoders.length);
    expect(encoderFor('webp').label).toBe('WebP');
    expect(isOutputFormat('gif')).toBe(false);
    expect(() => encoderFor('gif' as 'png')).toThrow('No encoder for gif; available: jpeg, webp, avif, jxl, png, qoi');
  });

  for (const encoder of encoders) {
    it(`${encoder.label}: schema defaults validate, keys are unique, the quality key is a range`, () => {
      const keys = encoder.options.map((field) => field.key);
      expect(new Set(keys).size).toBe(keys.length);
      const defaults = validateOptions(encoder.options, {});
      expect(defaults.ok).toBe(true);
      for (const field of encoder.options) {
        if (field.kind === 'range') {
          expect(field.min).toBeLessThanOrEqual(field.default);
          expect(field.default).toBeLessThanOrEqual(field.max);
        }
        if (field.kind === 'select') expect(field.choices.map((c) => c.value)).toContain(field.default);
      }
      if (encoder.qualityKey) expect(encoder.options.find((f) => f.key === encoder.qualityKey)?.kind).toBe('range');
      expect(encoder.mime).toMatch(/^image\//);
    });
  }
});
