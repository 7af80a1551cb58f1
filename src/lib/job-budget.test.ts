import { describe, expect, it } from 'vitest';
import { isGenericMessage } from './image-errors.ts';
import { BASE_BUDGET_MS, CODEC_STARTUP_MS, describeTimeout, encodeSecondsPerMegapixel, jobBudget, MAX_BUDGET_MS, SLOW_MACHINE, SMART_ENCODES, type JobBudgetFacts } from './job-budget.ts';

const process = (inputFormat: JobBudgetFacts['inputFormat'], width: number, height: number, format: JobBudgetFacts['inputFormat'], options: Record<string, unknown> = {}, smart: 'none' | 'target-size' | 'target-similarity' = 'none'): JobBudgetFacts => ({
  kind: 'process', inputFormat, width, height, inputBytes: (width * height) / 4, output: { format, options, smart, edited: false },
});

// What one core of the 2-core development machine measured (BENCHMARKS.md, quiet run): seconds per megapixel.
const MEASURED = { jpegDecode: 0.01, avifEncodeSpeed6: 1 / 1.6, webpEncode: 1 / 11 };

describe('job budget', () => {
  it('lets a 100 MP JPEG → AVIF run for minutes, several times what it takes here', () => {
    const budget = jobBudget(process('jpeg', 10000, 10000, 'avif', { speed: 6 }));
    // At least 15 times each step's time on a quiet machine here (so about 2.5 times an overloaded one's).
    expect(budget.steps.decode).toBeGreaterThan(15 * 100 * MEASURED.jpegDecode * 1000);
    expect(budget.steps.encode).toBeGreaterThan(15 * 100 * MEASURED.avifEncodeSpeed6 * 1000);
    expect(budget.steps.encode).toBeGreaterThan(15 * 60_000);
    expect(budget.ms).toBe(budget.steps.decode + budget.steps.edit + budget.steps.encode);
    expect(budget.ms).toBeLessThanOrEqual(MAX_BUDGET_MS);
  });

  it('stops a small hostile file within tens of seconds', () => {
    for (const format of ['tiff', 'heic', 'jxl', 'png', 'jpeg', 'gif'] as const) {
      const budget = jobBudget(process(format, 1000, 1000, 'jpeg'));
      // A decoder stalled on it is stopped after the decode's share.
      expect(budget.steps.decode, format).toBeGreaterThanOrEqual(BASE_BUDGET_MS);
      expect(budget.steps.decode, format).toBeLessThan(['tiff', 'heic', 'jxl'].includes(format) ? 75_000 : 30_000);
      expect(budget.ms, format).toBeLessThan(160_000);
    }
  });

  it('gives every encode the codec start-up time (a 320 × 240 AVIF once took 16 s on the overloaded machine)', () => {
    expect(jobBudget(process('jpeg', 320, 240, 'avif')).steps.encode).toBeGreaterThanOrEqual(BASE_BUDGET_MS + CODEC_STARTUP_MS);
  });

  it('charges slow decoders more than the browser decoders', () => {
    const at = (format: JobBudgetFacts['inputFormat']) => jobBudget(process(format, 6000, 4000, 'jpeg')).steps.decode;
    expect(at('tiff')).toBeGreaterThan(at('jpeg'));
    expect(at('heic')).toBeGreaterThan(at('png'));
    expect(at('jxl')).toBeGreaterThan(at('webp'));
    expect(at('avif')).toBeGreaterThan(at('jpeg'));
  });

  it('charges slow codecs and settings more', () => {
    expect(encodeSecondsPerMegapixel('avif', { speed: 6 })).toBeGreaterThan(encodeSecondsPerMegapixel('jpeg', {}));
    expect(encodeSecondsPerMegapixel('avif', { speed: 0 })).toBeGreaterThan(10 * encodeSecondsPerMegapixel('avif', { speed: 6 }));
    expect(encodeSecondsPerMegapixel('jxl', { effort: 9 })).toBeGreaterThan(encodeSecondsPerMegapixel('jxl', { effort: 7 }));
    expect(encodeSecondsPerMegapixel('png', { optimisation: 6 })).toBeGreaterThan(encodeSecondsPerMegapixel('png', { optimisation: 2 }));
    expect(encodeSecondsPerMegapixel('png', { optimisation: 2, reducePalette: true })).toBeGreaterThan(encodeSecondsPerMegapixel('png', { optimisation: 2 }));
    expect(encodeSecondsPerMegapixel('webp', { lossless: true, quality: 100, effort: 6 })).toBeGreaterThan(encodeSecondsPerMegapixel('webp', {}));
    // Every rate is well above what was measured here.
    expect(encodeSecondsPerMegapixel('webp', {})).toBeGreaterThan(5 * MEASURED.webpEncode);
  });

  it('multiplies the encode by the searches of the smart modes', () => {
    const plain = jobBudget(process('jpeg', 4000, 3000, 'webp'));
    const size = jobBudget(process('jpeg', 4000, 3000, 'webp', {}, 'target-size'));
    const similarity = jobBudget(process('jpeg', 4000, 3000, 'webp', {}, 'target-similarity'));
    expect(size.encodes).toBe(SMART_ENCODES);
    expect(size.ms).toBeGreaterThan(plain.ms);
    expect(similarity.ms).toBeGreaterThan(size.ms);
  });

  it('budgets the encode from the output size after a resize', () => {
    const whole = jobBudget(process('jpeg', 10000, 10000, 'avif'));
    const facts = process('jpeg', 10000, 10000, 'avif');
    const small = jobBudget({ ...facts, output: { ...facts.output!, pixels: 1000 * 1000, edited: true } });
    expect(small.steps.encode).toBeLessThan(whole.steps.encode / 3);
  });

  it('gives inspect and lossless strip a byte-scaled budget, a re-encoding strip a codec one', () => {
    const inspect = jobBudget({ kind: 'inspect', inputFormat: 'jpeg', width: 10000, height: 10000, inputBytes: 30e6 });
    expect(inspect.ms).toBe(BASE_BUDGET_MS + SLOW_MACHINE * 30_000);
    const lossless = jobBudget({ kind: 'strip', inputFormat: 'png', width: 10000, height: 10000, inputBytes: 1e6 });
    expect(lossless.ms).toBe(BASE_BUDGET_MS + SLOW_MACHINE * 1000);
    const reencoded = jobBudget({ kind: 'strip', inputFormat: 'webp', width: 4000, height: 3000, inputBytes: 1e6, output: { format: 'webp', options: {}, smart: 'none', edited: false } });
    expect(reencoded.ms).toBeGreaterThan(lossless.ms);
  });

  it('never exceeds the maximum, whatever the settings', () => {
    expect(jobBudget(process('tiff', 10000, 12000, 'avif', { speed: 0, lossless: true }, 'target-similarity')).ms).toBe(MAX_BUDGET_MS);
  });

  it('says what took too long and what to try, in a sentence', () => {
    const facts = process('jpeg', 10000, 10000, 'avif', { speed: 2 });
    const encode = describeTimeout(facts, 'encode');
    expect(encode.what).toBe('Encoding this 100-megapixel image as AVIF');
    expect(encode.advice).toMatch(/raise AVIF Speed/);
    expect(describeTimeout(process('tiff', 1200, 1000, 'png'), 'decode').what).toBe('Decoding this 1.2-megapixel TIFF image');
    expect(describeTimeout(process('png', 10, 10, 'png'), 'decode').what).toBe('Decoding this 10 × 10 PNG image');
    expect(describeTimeout({ kind: 'process' }, 'header').what).toBe('Reading the header of this file');
    expect(describeTimeout(process('jpeg', 4000, 3000, 'webp', {}, 'target-size'), 'encode').advice).toMatch(/fixed quality/);
    for (const stage of ['header', 'decode', 'edit', 'encode'] as const) {
      const { what, advice } = describeTimeout(facts, stage);
      expect(isGenericMessage(`${what} took too long. ${advice}`)).toBe(false);
    }
  });
});
