import { describe, expect, it } from 'vitest';
import type { OptionSchema } from '../core/option-schema.ts';
import { defaultOptionValues, validateOptions } from './option-schema.ts';

const schema: OptionSchema = [
  { kind: 'range', key: 'quality', label: 'Quality', min: 0, max: 100, step: 1, default: 75 },
  { kind: 'range', key: 'gamma', label: 'Gamma', min: 0.5, max: 2, step: 0.1, default: 1 },
  { kind: 'boolean', key: 'progressive', label: 'Progressive', default: true },
  { kind: 'select', key: 'subsample', label: 'Chroma subsampling', choices: [{ value: '420', label: '4:2:0' }, { value: '444', label: '4:4:4' }], default: '420' },
];

describe('validateOptions', () => {
  it('fills every missing key with its default', () => {
    expect(validateOptions(schema, undefined)).toEqual({ ok: true, value: { quality: 75, gamma: 1, progressive: true, subsample: '420' } });
    expect(validateOptions(schema, { quality: 40 })).toEqual({ ok: true, value: { quality: 40, gamma: 1, progressive: true, subsample: '420' } });
    expect(defaultOptionValues(schema)).toEqual({ quality: 75, gamma: 1, progressive: true, subsample: '420' });
  });

  it('snaps numbers to the step grid without float noise', () => {
    const result = validateOptions(schema, { quality: 74.6, gamma: 1.26 });
    expect(result).toEqual({ ok: true, value: { quality: 75, gamma: 1.3, progressive: true, subsample: '420' } });
  });

  it('refuses out-of-range, wrong-typed and unknown values, naming each', () => {
    const result = validateOptions(schema, { quality: 101, progressive: 'yes', subsample: '422', speed: 3 }, 'MozJPEG ');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'MozJPEG has no option "speed"; known options: quality, gamma, progressive, subsample',
      'MozJPEG option "quality" (Quality) must be from 0 to 100, got 101',
      'MozJPEG option "progressive" (Progressive) must be true or false, got "yes"',
      'MozJPEG option "subsample" (Chroma subsampling) must be one of "420", "444", got "422"',
    ]);
  });

  it('refuses NaN, numeric strings and non-objects', () => {
    expect(validateOptions(schema, { quality: Number.NaN })).toMatchObject({ ok: false, errors: ['option "quality" (Quality) must be a number from 0 to 100, got NaN'] });
    expect(validateOptions(schema, { quality: '80' })).toMatchObject({ ok: false, errors: ['option "quality" (Quality) must be a number from 0 to 100, got "80"'] });
    expect(validateOptions(schema, [1, 2])).toMatchObject({ ok: false, errors: ['options must be an object of key/value pairs, got an array'] });
  });
});
