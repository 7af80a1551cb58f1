import { describe, expect, it } from 'vitest';
import { cpuNote, evaluateGoals, fastest, formatMeasure, formatRatio, median, parseSections, ratioOf } from './stats.mjs';

/** @returns {import('./stats.mjs').BenchRow} */
const row = (/** @type {Partial<import('./stats.mjs').BenchRow>} */ fields) => ({ path: 'resize', case: 'c', imglio: null, sharp: null, ...fields });

describe('ratioOf', () => {
  it('prefers megapixels per second, then wall time of the same work', () => {
    expect(ratioOf(row({ imglio: { seconds: 4, mpPerSecond: 5 }, sharp: { seconds: 1, mpPerSecond: 20 } }))).toBe(0.25);
    expect(ratioOf(row({ imglio: { seconds: 2 }, sharp: { seconds: 1 } }))).toBe(0.5);
  });
  it('uses the row’s own ratio and is undefined when a side is missing', () => {
    expect(ratioOf(row({ ratio: 1.9, imglio: { seconds: 1 } }))).toBe(1.9);
    expect(ratioOf(row({ imglio: { seconds: 1, mpPerSecond: 3 } }))).toBeUndefined();
    expect(ratioOf(row({ ratio: Number.NaN }))).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats ratios and measures', () => {
    expect(formatRatio(0.534)).toBe('0.53×');
    expect(formatRatio(undefined)).toBe('n/a');
    expect(formatMeasure({ seconds: 1.234, mpPerSecond: 12.3 })).toBe('12.30 MP/s (1.23 s)');
    expect(formatMeasure({ seconds: 0.0425 })).toBe('43 ms');
    expect(formatMeasure({ peakRss: 512 * 2 ** 20 })).toBe('512 MiB');
    expect(formatMeasure(null)).toBe('n/a');
  });
});

describe('statistics', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('fastest keeps the highest throughput, else the shortest time', () => {
    expect(fastest([{ seconds: 2, mpPerSecond: 5 }, { seconds: 3, mpPerSecond: 7 }]).mpPerSecond).toBe(7);
    expect(fastest([{ seconds: 2 }, { seconds: 1.5 }]).seconds).toBe(1.5);
    expect(() => fastest([])).toThrow(RangeError);
  });
});

describe('evaluateGoals', () => {
  const rows = [
    row({ path: 'encode', case: 'WebP', imglio: { seconds: 1, mpPerSecond: 9 }, sharp: { seconds: 1, mpPerSecond: 10 }, goal: { id: 'webp', min: 1 } }),
    row({ path: 'encode-native', case: 'native WebP', imglio: { seconds: 1, mpPerSecond: 11 }, sharp: { seconds: 1, mpPerSecond: 10 }, goal: { id: 'webp', min: 1 } }),
    row({ path: 'resize', case: 'Lanczos3', imglio: { seconds: 1, mpPerSecond: 4 }, sharp: { seconds: 1, mpPerSecond: 10 }, goal: { id: 'lanczos3', min: 0.5 } }),
    row({ path: 'scaling', case: 'WebP', ratio: 1.95, goal: { id: 'scaling', min: 1.8 } }),
    row({ path: 'scaling', case: 'AVIF', ratio: 1.5, goal: { id: 'scaling', min: 1.8 } }),
  ];
  const byLabel = (/** @type {ReturnType<typeof evaluateGoals>} */ goals) => Object.fromEntries(goals.map((g) => [g.label, g.verdict]));
  it('takes the best row of a goal, but every row for scaling', () => {
    const verdicts = byLabel(evaluateGoals(rows, undefined));
    expect(verdicts['WebP encode ≥ 1.0× sharp']).toBe('met');
    expect(verdicts['Lanczos3 resize ≥ 0.5× sharp']).toBe('not met');
    expect(verdicts['Scaling 1 → 2 workers ≥ 1.8×']).toBe('not met');
    expect(verdicts['AVIF encode ≥ 0.4× sharp']).toBe('not measured');
    expect(verdicts['100 MP JPEG → WebP ≤ 5 s']).toBe('not measured');
  });
  it('judges the 100 MP path by time and memory separately', () => {
    const verdicts = byLabel(evaluateGoals([], { ok: true, seconds: 4.2, peakRss: 1.8 * 2 ** 30 }));
    expect(verdicts['100 MP JPEG → WebP ≤ 5 s']).toBe('met');
    expect(verdicts['100 MP JPEG → WebP ≤ 1.5 GiB peak renderer RSS']).toBe('not met');
    expect(byLabel(evaluateGoals([], { ok: false, seconds: 1, peakRss: 1 }))['100 MP JPEG → WebP ≤ 5 s']).toBe('not met');
  });
});

describe('parseSections', () => {
  const all = ['encode', 'decode', 'resize'];
  it('defaults to every section and refuses unknown ones', () => {
    expect([...parseSections(undefined, all)]).toEqual(all);
    expect([...parseSections('decode, resize', all)]).toEqual(['decode', 'resize']);
    expect(() => parseSections('decode,resise', all)).toThrow(/resise/);
  });
});

describe('cpuNote', () => {
  it('gives the CPU-time ratio only when both sides have one', () => {
    expect(cpuNote({ seconds: 1, cpuSeconds: 2 }, { seconds: 1, cpuSeconds: 0.5 })).toBe('CPU time 2.00 s vs 0.50 s (ratio 0.25×)');
    expect(cpuNote({ seconds: 1 }, { seconds: 1, cpuSeconds: 0.5 })).toBe('');
  });
});
