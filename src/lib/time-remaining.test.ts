import { describe, expect, it } from 'vitest';
import { estimateRemainingMs } from './time-remaining.ts';

describe('estimateRemainingMs', () => {
  it('is unknown before the first file finishes', () => {
    expect(estimateRemainingMs({ startedAt: undefined, now: 10, finished: 0, remaining: 5 })).toBeUndefined();
    expect(estimateRemainingMs({ startedAt: 0, now: 1000, finished: 0, remaining: 5 })).toBeUndefined();
  });
  it('extrapolates the throughput so far', () => {
    expect(estimateRemainingMs({ startedAt: 1000, now: 5000, finished: 4, remaining: 6 })).toBe(6000);
  });
  it('is zero when nothing is left', () => {
    expect(estimateRemainingMs({ startedAt: undefined, now: 0, finished: 0, remaining: 0 })).toBe(0);
  });
});
